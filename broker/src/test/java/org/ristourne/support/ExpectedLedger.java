package org.ristourne.support;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.ristourne.ledger.account.AccountType;
import org.ristourne.ledger.oracle.SplitRuleOracle;
import org.ristourne.ledger.oracle.SplitRuleOracle.Parts;

/**
 * The ledger that a run should have produced, worked out from the facts a test knows (what it reported and got a 2xx
 * for, the confirmations, fundings and payouts) with {@link SplitRuleOracle} for the arithmetic and the posting table
 * of docs/ledger.md for where each share goes. Nothing of the ledger's or the broker's code is used, so a posting
 * that is dropped, doubled or misrouted shows up even when it balanced.
 *
 * <p>Feed the facts of one sale in the order they happened. Accounts are named {@code TYPE owner CUR}; amounts are
 * debits minus credits, as {@code ledger_entry.amount_minor} holds them, with zero balances left out.
 */
public final class ExpectedLedger {

    public static final String BROKER = "broker";
    public static final String PLATFORM = "stripe";

    /**
     * What one sale should show: on the customer's statement and in the ledger rows that carry its sale key;
     * {@code refunds} is how many refunds were accepted.
     */
    public record Sale(String saleKey, String customer, String currency, long amount, long margin, long refunded,
                       int refunds, long rebate, String statementState, int postings, Map<String, Long> entries) {
    }

    private enum State { PENDING, CONFIRMED, PAYABLE }

    private static final class Book {
        final String saleKey;
        final String vendor;
        final String customer;
        final String currency;
        final long amount;
        final long margin;
        final int shareBps;
        final int feeBps;
        long refunded;
        int refunds;
        State state = State.PENDING;
        int postings;
        final Map<String, Long> entries = new TreeMap<>();

        Book(String saleKey, String vendor, String customer, String currency, long amount, long margin, int shareBps,
             int feeBps) {
            this.saleKey = saleKey;
            this.vendor = vendor;
            this.customer = customer;
            this.currency = currency;
            this.amount = amount;
            this.margin = margin;
            this.shareBps = shareBps;
            this.feeBps = feeBps;
        }

        Parts standing() {
            return SplitRuleOracle.standing(amount, margin, refunded, shareBps, feeBps);
        }

        String customerAccount() {
            return account(switch (state) {
                case PENDING -> AccountType.CUSTOMER_REBATE_PENDING;
                case CONFIRMED -> AccountType.CUSTOMER_REBATE_CONFIRMED;
                case PAYABLE -> AccountType.CUSTOMER_REBATE_PAYABLE;
            }, customer, currency);
        }

        String feeAccount() {
            return account(state == State.PENDING ? AccountType.BROKER_FEE_PENDING : AccountType.BROKER_FEE_EARNED,
                    BROKER, currency);
        }

        String receivable() {
            return account(AccountType.VENDOR_SHARES_RECEIVABLE, vendor, currency);
        }
    }

    private record Payout(String customer, String currency, long amount) {
    }

    private final Map<String, Book> books = new LinkedHashMap<>();
    private final Map<String, Payout> payouts = new HashMap<>();
    private final Map<String, Long> balances = new TreeMap<>();

    public static String account(AccountType type, String owner, String currency) {
        return type.name() + " " + owner + " " + currency;
    }

    /** Sale reported: Dr vendor receivable pool; Cr customer pending rebate; Cr broker fee pending fee. */
    public void reported(String saleKey, String vendor, String customer, String currency, long amount, long margin,
                         int shareBps, int brokerFeeBps) {
        if (books.containsKey(saleKey)) {
            throw new IllegalArgumentException("sale " + saleKey + " reported twice: the test's own bookkeeping is off");
        }
        Book book = new Book(saleKey, vendor, customer, currency, amount, margin, shareBps, brokerFeeBps);
        books.put(saleKey, book);
        Parts parts = book.standing();
        post(book, Map.of(book.receivable(), parts.pool(), book.customerAccount(), -parts.customer(),
                book.feeAccount(), -parts.broker()));
    }

    /** A refund: Dr the customer's and the fee's accounts where the shares stand, Cr vendor receivable, by the delta. */
    public void refunded(String saleKey, long refund) {
        Book book = book(saleKey);
        if (refund <= 0 || book.refunded + refund > book.amount) {
            throw new IllegalArgumentException("refund of " + refund + " cannot be accepted for " + saleKey);
        }
        Parts before = book.standing();
        book.refunded += refund;
        book.refunds++;
        Parts after = book.standing();
        post(book, Map.of(book.customerAccount(), before.customer() - after.customer(),
                book.feeAccount(), before.broker() - after.broker(),
                book.receivable(), -(before.pool() - after.pool())));
    }

    /** Hold ended: what still stands moves pending → confirmed (rebate) and pending → earned (fee). */
    public void confirmed(String saleKey) {
        Book book = book(saleKey);
        if (book.state != State.PENDING) {
            throw new IllegalArgumentException(saleKey + " confirmed while " + book.state);
        }
        Parts parts = book.standing();
        String pendingCustomer = book.customerAccount();
        String pendingFee = book.feeAccount();
        book.state = State.CONFIRMED;
        post(book, Map.of(pendingCustomer, parts.customer(), book.customerAccount(), -parts.customer(),
                pendingFee, parts.broker(), book.feeAccount(), -parts.broker()));
    }

    /** Vendor funded: Dr platform cash, Cr vendor receivable by the standing pool; confirmed → payable (rebate). */
    public void funded(String saleKey) {
        Book book = book(saleKey);
        if (book.state != State.CONFIRMED) {
            throw new IllegalArgumentException(saleKey + " funded while " + book.state);
        }
        Parts parts = book.standing();
        String confirmed = book.customerAccount();
        book.state = State.PAYABLE;
        post(book, Map.of(account(AccountType.PLATFORM_CASH, PLATFORM, book.currency), parts.pool(),
                book.receivable(), -parts.pool(), confirmed, parts.customer(), book.customerAccount(),
                -parts.customer()));
    }

    /** A payout settled: Dr customer payable, Cr platform cash. */
    public void paidOut(String payoutId, String customer, String currency, long amount) {
        payouts.put(payoutId, new Payout(customer, currency, amount));
        add(account(AccountType.CUSTOMER_REBATE_PAYABLE, customer, currency), amount);
        add(account(AccountType.PLATFORM_CASH, PLATFORM, currency), -amount);
    }

    /** A payout failed: the mirror of its posting. */
    public void payoutFailed(String payoutId) {
        Payout payout = payouts.get(payoutId);
        if (payout == null) {
            throw new IllegalArgumentException("payout " + payoutId + " failed but never settled");
        }
        add(account(AccountType.CUSTOMER_REBATE_PAYABLE, payout.customer(), payout.currency()), -payout.amount());
        add(account(AccountType.PLATFORM_CASH, PLATFORM, payout.currency()), payout.amount());
    }

    public boolean knows(String saleKey) {
        return books.containsKey(saleKey);
    }

    public Set<String> saleKeys() {
        return books.keySet();
    }

    public Sale sale(String saleKey) {
        Book book = book(saleKey);
        Parts standing = book.standing();
        String statementState = book.refunded == book.amount ? "REFUNDED" : book.state.name();
        return new Sale(saleKey, book.customer, book.currency, book.amount, book.margin, book.refunded,
                book.refunds, standing.customer(), statementState, book.postings, nonZero(book.entries));
    }

    /** Every account's balance, debits minus credits. */
    public Map<String, Long> balances() {
        return nonZero(balances);
    }

    private Book book(String saleKey) {
        Book book = books.get(saleKey);
        if (book == null) {
            throw new IllegalArgumentException("no sale " + saleKey + " was reported");
        }
        return book;
    }

    /** A step moves money when any of its amounts is not zero; only then is there a posting, and only one. */
    private void post(Book book, Map<String, Long> moves) {
        if (moves.values().stream().mapToLong(Long::longValue).sum() != 0) {
            throw new IllegalStateException("the recomputation itself is unbalanced: " + moves);
        }
        if (moves.values().stream().anyMatch(amount -> amount != 0)) {
            book.postings++;
        }
        moves.forEach((account, amount) -> {
            book.entries.merge(account, amount, Long::sum);
            add(account, amount);
        });
    }

    private void add(String account, long amount) {
        balances.merge(account, amount, Long::sum);
    }

    private static Map<String, Long> nonZero(Map<String, Long> sums) {
        Map<String, Long> result = new TreeMap<>(sums);
        result.values().removeIf(amount -> amount == 0);
        return result;
    }
}
