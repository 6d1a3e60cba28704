package org.ristourne.broker.see.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.customer.SubscriptionCreditApplied;
import org.ristourne.billing.api.PayoutSettled;
import org.ristourne.broker.api.customer.SubscriptionPeriodRecorded;
import org.ristourne.broker.api.sale.SaleConfirmed;
import org.ristourne.broker.api.sale.SaleRefunded;
import org.ristourne.broker.api.sale.SaleReported;
import org.ristourne.broker.api.see.GetCustomerStatement;
import org.ristourne.broker.api.see.GetInvestmentRecovered;
import org.ristourne.broker.api.see.InvestmentRecovered;
import org.ristourne.broker.api.see.StatementLine;
import org.ristourne.broker.api.share.PayoutAllocated;
import org.ristourne.broker.api.share.PayoutAllocationReversed;
import org.ristourne.broker.api.share.PayoutLine;
import org.ristourne.broker.api.share.PostingRecorded;
import org.ristourne.broker.api.vendorinvoice.InvoiceLine;
import org.ristourne.broker.api.vendorinvoice.InvoicedSale;
import org.ristourne.broker.api.vendorinvoice.VendorInvoiceIssued;
import org.ristourne.broker.support.EpochMicros;
import org.ristourne.ledger.account.AccountType;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.money.MinorUnits;
import org.ristourne.ledger.posting.ReasonCode;
import org.ristourne.ledger.share.ShareTerms;
import org.ristourne.ledger.share.Shares;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What a customer sees: each sale with the rebate that still stands and where it is in its life, and how much of
 * the subscription the rebates paid back. Events of one customer arrive in order (see {@link LedgerReadModels}), so
 * each line simply follows them.
 */
@Component
@ProcessingGroup(LedgerReadModels.GROUP)
public class CustomerStatementProjection {

    private static final Logger log = LoggerFactory.getLogger(CustomerStatementProjection.class);
    /** Paid out as credit on the customer's Stripe balance. */
    static final String CREDITED = "CREDITED";
    static final String PAID_IN_CASH = "PAID";

    private final JdbcTemplate jdbc;
    /** Statement lines wait here for their batch; every handler that reads or updates lines flushes it first. */
    private final BatchedInserts inserts;

    CustomerStatementProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.inserts = new BatchedInserts(jdbc);
    }

    /** The line goes in with the batch's other inserts when it commits ({@link BatchedInserts}). */
    @EventHandler
    void on(SaleReported event) {
        ShareTerms terms = event.agreement().terms().shareTerms();
        inserts.insert("""
                insert into customer_statement_line (sale_key, customer_id, vendor_id, vendor_sale_id, currency,
                    amount_minor, margin_minor, share_bps, broker_fee_bps, refunded_minor, rebate_minor, state,
                    completed_at_us, confirmable_at_us)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 'PENDING', ?, ?)
                """, List.<Object[]>of(new Object[] {event.saleId().toString(), event.customerId().value(),
                event.saleId().vendorId().value(), event.saleId().vendorSaleId(),
                event.amount().currency().getCurrencyCode(), event.amount().minorUnits(), event.margin().minorUnits(),
                terms.shareBps().value(), terms.brokerFeeBps().value(),
                Shares.split(event.margin(), terms).customerRebate().minorUnits(), EpochMicros.of(event.completedAt()),
                EpochMicros.of(event.confirmableAt())}), () -> requireSameReport(event, terms));
    }

    /**
     * Redelivered: the line already follows this sale, perhaps further along than this first event, so only what the
     * report itself set must match. Anything else is another sale under the same key: stop, loudly.
     */
    private void requireSameReport(SaleReported event, ShareTerms terms) {
        List<Object> stored = jdbc.queryForObject("""
                select customer_id, vendor_id, vendor_sale_id, currency, amount_minor, margin_minor, share_bps,
                    broker_fee_bps, completed_at_us, confirmable_at_us
                from customer_statement_line where sale_key = ?
                """, (rs, n) -> List.<Object>of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getLong(5), rs.getLong(6), rs.getInt(7), rs.getInt(8), rs.getLong(9), rs.getLong(10)),
                event.saleId().toString());
        List<Object> reported = List.of(event.customerId().value(), event.saleId().vendorId().value(),
                event.saleId().vendorSaleId(), event.amount().currency().getCurrencyCode(),
                event.amount().minorUnits(), event.margin().minorUnits(), terms.shareBps().value(),
                terms.brokerFeeBps().value(), EpochMicros.of(event.completedAt()),
                EpochMicros.of(event.confirmableAt()));
        if (!reported.equals(stored)) {
            throw new IllegalStateException("Statement line of sale " + event.saleId() + " is already there with"
                    + " other content: stored " + stored + ", reported again as " + reported);
        }
        log.debug("Statement line for {} already present", event.saleId());
    }

    @EventHandler
    void on(SaleRefunded event) {
        inserts.flush();
        String saleKey = event.saleId().toString();
        jdbc.query("""
                select currency, amount_minor, margin_minor, share_bps, broker_fee_bps, state, paid_minor
                from customer_statement_line where sale_key = ?
                """, rs -> {
            Currency currency = Currency.getInstance(rs.getString("currency"));
            Money amount = Money.of(rs.getLong("amount_minor"), currency);
            Money margin = Money.of(rs.getLong("margin_minor"), currency);
            ShareTerms terms = ShareTerms.of(rs.getInt("share_bps"), rs.getInt("broker_fee_bps"));
            Money standing = Shares.split(margin, terms).customerRebate().minus(Shares.split(
                    Shares.refundedMargin(margin, amount, event.refundedTotal()), terms).customerRebate());
            // A refund after a partial payout may leave exactly what was paid: the line is then settled, and no later
            // payout would name it to say so.
            String state = event.refundedTotal().equals(amount) ? "REFUNDED"
                    : stateAfterPayouts(rs.getString("state"), standing.minorUnits(), rs.getLong("paid_minor"),
                    paidOnlyInCash(saleKey));
            jdbc.update("""
                    update customer_statement_line set refunded_minor = ?, rebate_minor = ?, state = ?
                    where sale_key = ?
                    """, event.refundedTotal().minorUnits(), standing.minorUnits(), state, saleKey);
        }, saleKey);
    }

    @EventHandler
    void on(SaleConfirmed event) {
        inserts.flush();
        moveSale(event.saleId().toString(), "PENDING", "CONFIRMED");
    }

    @EventHandler
    void on(PostingRecorded event) {
        if (event.posting().reason() == ReasonCode.SHARES_FUNDED && event.saleKey() != null) {
            inserts.flush();
            moveSale(event.saleKey(), "CONFIRMED", "PAYABLE");
            moveSale(event.saleKey(), "INVOICED", "PAYABLE");
        }
        // Payouts move lines through PayoutAllocated and PayoutAllocationReversed, which name the lines they cover.
    }

    /**
     * The vendor was invoiced for these sales: INVOICED until the vendor pays (then PAYABLE, by the funding posting).
     * The invoice is sequenced apart from the customers' events, so a line still PENDING here (its confirmation not yet
     * handled) is taken too, and the later confirmation, finding it no longer PENDING, leaves it; a line further along
     * (funded, refunded in full) is left as it is.
     */
    @EventHandler
    void on(VendorInvoiceIssued event) {
        inserts.flush();
        for (InvoiceLine line : event.lines()) {
            for (InvoicedSale sale : line.sales()) {
                jdbc.update("""
                        update customer_statement_line set state = 'INVOICED', invoiced_at_us = ?
                        where sale_key = ? and state in ('PENDING', 'CONFIRMED', 'INVOICED')""",
                        EpochMicros.of(event.issuedAt()), sale.saleKey());
            }
        }
    }

    @EventHandler
    void on(PayoutAllocated event, @Timestamp Instant allocatedAt) {
        inserts.flush();
        for (PayoutLine line : event.lines()) {
            try {
                jdbc.update("""
                        insert into payout_line (payout_id, sale_key, customer_id, currency, amount_minor, reversed,
                            allocated_at_us)
                        values (?, ?, ?, ?, ?, false, ?)
                        """, event.payoutId(), line.saleKey(), event.customerId(),
                        line.amount().currency().getCurrencyCode(), line.amount().minorUnits(),
                        EpochMicros.of(allocatedAt));
            } catch (DuplicateKeyException alreadyThere) {
                requireSameLine(event.payoutId(), event.customerId(), line);
            }
            recomputePaid(line.saleKey());
        }
        attributeWaitingCredit(event.customerId());
    }

    @EventHandler
    void on(PayoutAllocationReversed event) {
        inserts.flush();
        for (PayoutLine line : event.lines()) {
            requireSameLine(event.payoutId(), event.customerId(), line);
            jdbc.update("update payout_line set reversed = true where payout_id = ? and sale_key = ?",
                    event.payoutId(), line.saleKey());
            recomputePaid(line.saleKey());
        }
    }

    /** A line already recorded (a redelivery) must say what the event says: anything else is a clash, never skipped. */
    private void requireSameLine(String payoutId, String customerId, PayoutLine line) {
        List<String> recorded = jdbc.query("""
                select customer_id, currency, amount_minor from payout_line where payout_id = ? and sale_key = ?
                """, (rs, row) -> rs.getString("customer_id") + " " + rs.getLong("amount_minor") + " "
                + rs.getString("currency"), payoutId, line.saleKey());
        String expected = customerId + " " + line.amount().minorUnits() + " " + line.amount().currency();
        if (!recorded.equals(List.of(expected))) {
            throw new IllegalStateException("payout " + payoutId + " line of sale " + line.saleKey()
                    + " is recorded as " + recorded + ", the event says " + expected);
        }
    }

    /** A line's paid amount is the sum of its payout lines not reversed: recomputed, so redelivery changes nothing. */
    private void recomputePaid(String saleKey) {
        long paid = jdbc.queryForObject("""
                select coalesce(sum(amount_minor), 0) from payout_line where sale_key = ? and reversed = false
                """, Long.class, saleKey);
        jdbc.query("select state, rebate_minor from customer_statement_line where sale_key = ?", rs -> {
            jdbc.update("update customer_statement_line set paid_minor = ?, state = ? where sale_key = ?", paid,
                    stateAfterPayouts(rs.getString("state"), rs.getLong("rebate_minor"), paid,
                            paidOnlyInCash(saleKey)), saleKey);
        }, saleKey);
    }

    /**
     * Every payout line of the sale not reversed was paid in cash (billing's {@link PayoutSettled} said CASH), and
     * there is at least one: what tells a cash-paid line from a credited one.
     */
    public boolean paidOnlyInCash(String saleKey) {
        List<Boolean> cash = jdbc.queryForList("""
                select case when m.method = 'CASH' then true else false end from payout_line l
                left join payout_method m on m.payout_id = l.payout_id
                where l.sale_key = ? and l.reversed = false
                """, Boolean.class, saleKey);
        return !cash.isEmpty() && cash.stream().allMatch(Boolean.TRUE::equals);
    }

    /**
     * How a payout left, kept for the lines it will cover. Billing's settlement comes before the book's
     * {@link PayoutAllocated} it causes, in the same customer's sequence ({@link LedgerReadModels}); a settlement the
     * book refused leaves a row no line names. Events without a method are credits.
     */
    @EventHandler
    void on(PayoutSettled event) {
        int updated = jdbc.update("update payout_method set method = ? where payout_id = ?", event.method().name(),
                event.payoutId());
        if (updated == 0) {
            jdbc.update("insert into payout_method (payout_id, customer_id, method) values (?, ?, ?)",
                    event.payoutId(), event.customerId(), event.method().name());
        }
    }

    /**
     * A funded line is CREDITED once payouts cover the rebate that still stands (PAID when every payout that covered it
     * was cash), PAYABLE until then: a credit sits on the customer's Stripe balance, which Stripe takes off their next
     * invoices ({@link #on(SubscriptionCreditApplied)} says which). A line with nothing standing and nothing paid keeps
     * the state it had: it owes nothing either way. Lines not yet funded, or refunded in full, are not the payouts'
     * business.
     */
    static String stateAfterPayouts(String state, long rebate, long paid) {
        return stateAfterPayouts(state, rebate, paid, false);
    }

    static String stateAfterPayouts(String state, long rebate, long paid, boolean paidInCash) {
        boolean settled = state.equals(PAID_IN_CASH) || state.equals(CREDITED);
        if (!state.equals("PAYABLE") && !settled) {
            return state;
        }
        if (paid >= rebate && (paid > 0 || settled)) {
            return paidInCash ? PAID_IN_CASH : CREDITED;
        }
        return "PAYABLE";
    }

    // ---- Credited rebates and the Stripe invoices that consumed them

    /**
     * Stripe took credit off a subscription invoice: it consumed the customer's credited payout lines in that currency,
     * oldest payouts first (FIFO; a line's credit may be shared by two invoices, and the line then names the later).
     * Credit no payout line explains yet (its payout's lines are projected later) waits and is attributed when they
     * arrive. Redelivered, it finds the invoice's rows and changes nothing.
     */
    @EventHandler
    void on(SubscriptionCreditApplied event) {
        inserts.flush();
        String invoiceId = event.stripeInvoiceId();
        Integer known = jdbc.queryForObject("select count(*) from credit_application where stripe_invoice_id = ?",
                Integer.class, invoiceId);
        if (known != null && known > 0) {
            return;
        }
        String customerId = event.customerId().value();
        String currency = event.amount().currency().getCurrencyCode();
        long appliedAtUs = EpochMicros.of(event.appliedAt());
        long left = consumeCredit(customerId, currency, invoiceId, event.amount().minorUnits(), appliedAtUs);
        if (left > 0) {
            log.info("Credit of {} {} taken off invoice {} of customer {} is not explained by a credited payout yet;"
                    + " attributed when one is", left, currency, invoiceId, customerId);
            jdbc.update("""
                    insert into credit_application (stripe_invoice_id, payout_id, sale_key, customer_id, currency,
                        amount_minor, applied_at_us)
                    values (?, '', '', ?, ?, ?, ?)""", invoiceId, customerId, currency, left, appliedAtUs);
        }
    }

    /** Credit that waited for payout lines goes to those now projected, in the order the invoices took it. */
    private void attributeWaitingCredit(String customerId) {
        record Waiting(String invoiceId, String currency, long amount, long appliedAtUs) {
        }
        List<Waiting> waiting = jdbc.query("""
                select stripe_invoice_id, currency, amount_minor, applied_at_us from credit_application
                where customer_id = ? and payout_id = '' order by applied_at_us, stripe_invoice_id""",
                (rs, n) -> new Waiting(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)), customerId);
        for (Waiting credit : waiting) {
            long left = consumeCredit(customerId, credit.currency(), credit.invoiceId(), credit.amount(),
                    credit.appliedAtUs());
            if (left == 0) {
                jdbc.update("delete from credit_application where stripe_invoice_id = ? and payout_id = ''",
                        credit.invoiceId());
            } else if (left < credit.amount()) {
                jdbc.update("update credit_application set amount_minor = ? where stripe_invoice_id = ?"
                        + " and payout_id = ''", left, credit.invoiceId());
            }
        }
    }

    /** Takes up to {@code amount} from the customer's credited payout lines, oldest first; answers what is left. */
    private long consumeCredit(String customerId, String currency, String invoiceId, long amount, long appliedAtUs) {
        record Open(String payoutId, String saleKey, long remaining) {
        }
        List<Open> open = jdbc.query("""
                select l.payout_id, l.sale_key, l.amount_minor - coalesce(sum(a.amount_minor), 0) as remaining
                from payout_line l
                left join credit_application a on a.payout_id = l.payout_id and a.sale_key = l.sale_key
                where l.customer_id = ? and l.currency = ? and l.reversed = false
                group by l.payout_id, l.sale_key, l.amount_minor, l.allocated_at_us
                having l.amount_minor - coalesce(sum(a.amount_minor), 0) > 0
                order by l.allocated_at_us, l.payout_id, l.sale_key""",
                (rs, n) -> new Open(rs.getString(1), rs.getString(2), rs.getLong(3)), customerId, currency);
        long left = amount;
        for (Open line : open) {
            if (left == 0) {
                break;
            }
            long taken = Math.min(left, line.remaining());
            jdbc.update("""
                    insert into credit_application (stripe_invoice_id, payout_id, sale_key, customer_id, currency,
                        amount_minor, applied_at_us)
                    values (?, ?, ?, ?, ?, ?, ?)""", invoiceId, line.payoutId(), line.saleKey(), customerId, currency,
                    taken, appliedAtUs);
            jdbc.update("update customer_statement_line set credited_invoice_id = ?, credited_at_us = ?"
                    + " where sale_key = ?", invoiceId, appliedAtUs, line.saleKey());
            left -= taken;
        }
        return left;
    }

    @EventHandler
    void on(SubscriptionPeriodRecorded event) {
        if (event.amountPaid() == null) {
            return;
        }
        jdbc.update("""
                delete from subscription_payment where customer_id = ? and active_from_us = ? and active_until_us = ?
                """, event.customerId().value(), EpochMicros.of(event.activeFrom()), EpochMicros.of(event.activeUntil()));
        jdbc.update("""
                insert into subscription_payment (customer_id, active_from_us, active_until_us, currency, amount_minor)
                values (?, ?, ?, ?, ?)
                """, event.customerId().value(), EpochMicros.of(event.activeFrom()), EpochMicros.of(event.activeUntil()),
                event.amountPaid().currency().getCurrencyCode(), event.amountPaid().minorUnits());
    }

    @ResetHandler
    void reset() {
        int lines = jdbc.update("delete from customer_statement_line");
        int payoutLines = jdbc.update("delete from payout_line");
        jdbc.update("delete from payout_method");
        int payments = jdbc.update("delete from subscription_payment");
        jdbc.update("delete from credit_application");
        log.info("Customer statements cleared for replay ({} lines, {} payout lines, {} subscription payments)", lines,
                payoutLines, payments);
    }

    private void moveSale(String saleKey, String from, String to) {
        jdbc.update("update customer_statement_line set state = ? where sale_key = ? and state = ?", to, saleKey, from);
    }

    @QueryHandler
    public List<StatementLine> handle(GetCustomerStatement query) {
        return jdbc.query("""
                select * from customer_statement_line where customer_id = ? order by completed_at_us, sale_key
                """, (rs, row) -> {
            Currency currency = Currency.getInstance(rs.getString("currency"));
            return new StatementLine(rs.getString("sale_key"), rs.getString("vendor_id"),
                    rs.getString("vendor_sale_id"), EpochMicros.toInstant(rs.getLong("completed_at_us")),
                    Money.of(rs.getLong("amount_minor"), currency), Money.of(rs.getLong("margin_minor"), currency),
                    Money.of(rs.getLong("refunded_minor"), currency), Money.of(rs.getLong("rebate_minor"), currency),
                    Money.of(rs.getLong("paid_minor"), currency), rs.getString("state"),
                    EpochMicros.toInstant(rs.getLong("confirmable_at_us")), instant(rs, "invoiced_at_us"),
                    rs.getString("credited_invoice_id"), instant(rs, "credited_at_us"));
        }, query.customerId());
    }

    private static @Nullable Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        long micros = rs.getLong(column);
        return rs.wasNull() ? null : EpochMicros.toInstant(micros);
    }

    /**
     * Rebates paid or credited in the period (as booked: a payout confirmed late counts when it is recorded), net of
     * failed payouts, against subscription paid for it.
     */
    @QueryHandler
    public List<InvestmentRecovered> handle(GetInvestmentRecovered query) {
        Map<String, Long> paid = new LinkedHashMap<>();
        jdbc.query("""
                select currency, sum(amount_minor) as total from ledger_entry
                where account_type = ? and owner = ? and reason in (?, ?) and booked_at_us >= ? and booked_at_us < ?
                group by currency
                """, rs -> {
            paid.put(rs.getString("currency"), rs.getLong("total"));
        }, AccountType.CUSTOMER_REBATE_PAYABLE.name(), query.customerId(), ReasonCode.REBATE_PAID.name(),
                ReasonCode.REVERSAL.name(), EpochMicros.of(query.from()), EpochMicros.of(query.to()));
        Map<String, Long> subscription = new LinkedHashMap<>();
        jdbc.query("""
                select currency, sum(amount_minor) as total from subscription_payment
                where customer_id = ? and active_from_us >= ? and active_from_us < ? group by currency
                """, rs -> {
            subscription.put(rs.getString("currency"), rs.getLong("total"));
        }, query.customerId(), EpochMicros.of(query.from()), EpochMicros.of(query.to()));
        List<String> codes = new ArrayList<>(paid.keySet());
        subscription.keySet().stream().filter(code -> !codes.contains(code)).forEach(codes::add);
        codes.sort(null);
        List<InvestmentRecovered> recovered = new ArrayList<>();
        for (String code : codes) {
            Currency currency = Currency.getInstance(code);
            long rebates = Math.max(0, paid.getOrDefault(code, 0L));
            long spent = subscription.getOrDefault(code, 0L);
            recovered.add(new InvestmentRecovered(Money.of(rebates, currency), Money.of(spent, currency),
                    spent == 0 ? null : MinorUnits.multiplyDivideFloor(rebates, 10_000, spent)));
        }
        return recovered;
    }
}
