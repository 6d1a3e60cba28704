package org.ristourne.ledger.sale;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.ristourne.ledger.account.Account;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.posting.Posting;
import org.ristourne.ledger.posting.PostingId;
import org.ristourne.ledger.posting.ReasonCode;
import org.ristourne.ledger.share.ShareTerms;
import org.ristourne.ledger.share.Shares;

/**
 * One sale's shares through their life, as postings: pending while the vendor may still take returns, confirmed when
 * the window closes, payable once the vendor has funded them, and reversed in proportion by each refund from
 * wherever they stand. Immutable: each step gives the next book and the posting it caused. Paying rebates out is a
 * customer-level matter (a payout nets all of a customer's payable rebates): see {@link CustomerPayouts}.
 */
public record SaleShareBook(
        String saleKey,
        String vendor,
        String customer,
        ShareTerms terms,
        Money amount,
        Money margin,
        Money refundedTotal,
        State state,
        Map<String, Money> refunds,
        Map<String, Money> deducted) {

    public enum State {
        PENDING, CONFIRMED, PAYABLE
    }

    /** What a step leaves behind: the next book, and the posting if the step moved any money. */
    public record Step(SaleShareBook book, Optional<Posting> posting) {
    }

    public SaleShareBook {
        Objects.requireNonNull(terms, "terms");
        refunds = Map.copyOf(refunds);
        deducted = deducted == null ? Map.of() : Map.copyOf(deducted);
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("a sale's amount must be positive, got " + amount);
        }
        if (margin.isNegative() || margin.compareTo(amount) > 0) {
            throw new IllegalArgumentException("margin " + margin + " must be within 0.." + amount);
        }
        if (refundedTotal.isNegative() || refundedTotal.compareTo(amount) > 0) {
            throw new IllegalArgumentException("refunded " + refundedTotal + " must be within 0.." + amount);
        }
    }

    public static Step reported(String saleKey, String vendor, String customer, ShareTerms terms, Money amount,
                                Money margin, Instant at) {
        SaleShareBook book = new SaleShareBook(saleKey, vendor, customer, terms, amount, margin,
                Money.zero(amount.currency()), State.PENDING, Map.of(), Map.of());
        Shares shares = book.standing();
        Posting.Builder posting = Posting.builder(PostingId.of("sale", saleKey, "reported"), ReasonCode.SHARES_PENDING, at)
                .debit(Account.vendorReceivable(vendor, amount.currency()), shares.pool())
                .credit(book.customerAccount(), shares.customerRebate())
                .credit(book.feeAccount(), shares.brokerFee());
        return new Step(book, build(posting));
    }

    /**
     * Whether a report names this very sale: same key, parties, terms, amount and margin. A report of the same sale
     * with other content is not a redelivery but a clash, which must never be taken for one.
     */
    public boolean isReportOf(String saleKey, String vendor, String customer, ShareTerms terms, Money amount,
                              Money margin) {
        return this.saleKey.equals(saleKey) && this.vendor.equals(vendor) && this.customer.equals(customer)
                && this.terms.equals(terms) && this.amount.equals(amount) && this.margin.equals(margin);
    }

    /** The amount of a refund already booked under this id, if one was: what a redelivery must repeat exactly. */
    public Optional<Money> refund(String refundId) {
        return Optional.ofNullable(refunds.get(refundId));
    }

    /** The shares still standing: those of the margin less those of the refunded margin. Never negative. */
    public Shares standing() {
        return Shares.split(margin, terms).minus(Shares.split(Shares.refundedMargin(margin, amount, refundedTotal), terms));
    }

    public Step confirmed(Instant at) {
        require(State.PENDING, "confirm");
        SaleShareBook next = withState(State.CONFIRMED);
        Shares shares = standing();
        Posting.Builder posting = Posting.builder(PostingId.of("sale", saleKey, "confirmed"),
                        ReasonCode.SHARES_CONFIRMED, at)
                .move(customerAccount(), next.customerAccount(), shares.customerRebate())
                .move(feeAccount(), next.feeAccount(), shares.brokerFee());
        return new Step(next, build(posting));
    }

    /** The vendor paid the standing pool into Ristourne's account: the customer's rebate becomes payable. */
    public Step funded(Instant at) {
        return funded(standing().pool(), at);
    }

    /**
     * The vendor paid {@code fundedPool} into Ristourne's account for this sale: what it was invoiced, which refunds
     * booked since the invoice may have lowered below the standing pool. The vendor's receivable is then negative by
     * what Ristourne owes it back, settled by {@link #refundDeducted} on a later invoice. The customer's standing
     * rebate becomes payable. {@code fundedPool} lies between the standing pool and the pool before any refund.
     */
    public Step funded(Money fundedPool, Instant at) {
        require(State.CONFIRMED, "fund");
        Shares shares = standing();
        Money whole = Shares.split(margin, terms).pool();
        if (fundedPool.compareTo(shares.pool()) < 0 || fundedPool.compareTo(whole) > 0) {
            throw new ShareBookException("sale " + saleKey + " cannot be funded with " + fundedPool + ": its pool is "
                    + shares.pool() + " now and was " + whole + " before any refund");
        }
        SaleShareBook next = withState(State.PAYABLE);
        Posting.Builder posting = Posting.builder(PostingId.of("sale", saleKey, "funded"), ReasonCode.SHARES_FUNDED, at)
                .move(Account.platformCash(amount.currency()), Account.vendorReceivable(vendor, amount.currency()),
                        fundedPool)
                .move(customerAccount(), next.customerAccount(), shares.customerRebate());
        return new Step(next, build(posting));
    }

    /**
     * A refund's pool reversal, which the vendor had already paid, was deducted from a later invoice: Ristourne's cash
     * gives {@code amount} back to the vendor's receivable. Only for a booked refund of a funded sale, once, and never
     * more in all than the refunds reversed of the pool.
     */
    public Step refundDeducted(String refundId, Money deduction, Instant at) {
        require(State.PAYABLE, "deduct a refund of");
        if (!refunds.containsKey(refundId)) {
            throw new ShareBookException("refund " + refundId + " of sale " + saleKey + " is not booked");
        }
        if (deducted.containsKey(refundId)) {
            throw new ShareBookException("refund " + refundId + " of sale " + saleKey + " is already deducted");
        }
        if (!deduction.isPositive()) {
            throw new ShareBookException("a deduction must be positive, got " + deduction);
        }
        Money reversed = Shares.split(margin, terms).pool().minus(standing().pool());
        Money after = deducted.values().stream().reduce(deduction, Money::plus);
        if (after.compareTo(reversed) > 0) {
            throw new ShareBookException("deducting " + deduction + " for refund " + refundId + " of sale " + saleKey
                    + " would give back " + after + " in all, more than the " + reversed + " its refunds reversed");
        }
        Map<String, Money> booked = new TreeMap<>(deducted);
        booked.put(refundId, deduction);
        SaleShareBook next = new SaleShareBook(saleKey, vendor, customer, terms, amount, margin, refundedTotal, state,
                refunds, booked);
        Posting.Builder posting = Posting.builder(PostingId.of("sale", saleKey, "refund", refundId, "deducted"),
                        ReasonCode.REFUND_DEDUCTED, at)
                .move(Account.vendorReceivable(vendor, amount.currency()), Account.platformCash(amount.currency()),
                        deduction);
        return new Step(next, build(posting));
    }

    /** The deduction already booked for a refund, if one was: what a redelivery must repeat exactly. */
    public Optional<Money> deduction(String refundId) {
        return Optional.ofNullable(deducted.get(refundId));
    }

    /**
     * Refunds are cumulative: this one reverses the shares of the refunded margin after it less those before it,
     * from the accounts where the shares stand now. After funding, the vendor's receivable goes negative (Ristourne
     * owes the vendor its share back, netted against its next funding) and so may the customer's payable rebate,
     * netted against the customer's next rebates.
     */
    public Step refunded(String refundId, Money refund, Instant at) {
        if (refunds.containsKey(refundId)) {
            throw new ShareBookException("refund " + refundId + " of sale " + saleKey + " is already booked");
        }
        if (!refund.isPositive()) {
            throw new ShareBookException("a refund must be positive, got " + refund);
        }
        Money after = refundedTotal.plus(refund);
        if (after.compareTo(amount) > 0) {
            throw new ShareBookException("refund of " + refund + " exceeds the " + amount.minus(refundedTotal)
                    + " left of sale " + saleKey);
        }
        Shares reversed = Shares.refundDelta(margin, amount, refundedTotal, after, terms);
        Map<String, Money> booked = new TreeMap<>(refunds);
        booked.put(refundId, refund);
        SaleShareBook next = new SaleShareBook(saleKey, vendor, customer, terms, amount, margin, after, state, booked,
                deducted);
        Posting.Builder posting = Posting.builder(PostingId.of("sale", saleKey, "refund", refundId),
                        ReasonCode.SHARES_REFUNDED, at)
                .debit(customerAccount(), reversed.customerRebate())
                .debit(feeAccount(), reversed.brokerFee())
                .credit(Account.vendorReceivable(vendor, amount.currency()), reversed.pool());
        return new Step(next, build(posting));
    }

    /** Where the customer's rebate on this sale stands now. */
    public Account customerAccount() {
        return switch (state) {
            case PENDING -> Account.customerPending(customer, amount.currency());
            case CONFIRMED -> Account.customerConfirmed(customer, amount.currency());
            case PAYABLE -> Account.customerPayable(customer, amount.currency());
        };
    }

    /** Where the broker's fee on this sale stands now. */
    public Account feeAccount() {
        return state == State.PENDING ? Account.brokerFeePending(amount.currency())
                : Account.brokerFeeEarned(amount.currency());
    }

    private SaleShareBook withState(State next) {
        return new SaleShareBook(saleKey, vendor, customer, terms, amount, margin, refundedTotal, next, refunds,
                deducted);
    }

    private void require(State expected, String step) {
        if (state != expected) {
            throw new ShareBookException("cannot " + step + " sale " + saleKey + " in state " + state);
        }
    }

    private static Optional<Posting> build(Posting.Builder posting) {
        return posting.isEmpty() ? Optional.empty() : Optional.of(posting.build());
    }
}
