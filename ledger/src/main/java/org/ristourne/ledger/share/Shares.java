package org.ristourne.ledger.share;

import java.util.Currency;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.money.MinorUnits;

/**
 * How one margin divides: the pool the vendor shares, of which the broker's fee and the customer's rebate, and what
 * the vendor keeps. {@code vendorRetained + brokerFee + customerRebate == margin} always, to the minor unit.
 *
 * <p>Rounding is floor, twice: pool = floor(margin × shareBps / 10000), fee = floor(pool × brokerFeeBps / 10000). So
 * the vendor keeps the fraction of the pool and the customer the fraction of the fee; each part never decreases when
 * the margin grows; and anyone can recompute a rebate with a pencil.
 */
public record Shares(Money margin, Money pool, Money brokerFee, Money customerRebate, Money vendorRetained) {

    public Shares {
        if (!vendorRetained.plus(brokerFee).plus(customerRebate).equals(margin)
                || !brokerFee.plus(customerRebate).equals(pool)) {
            throw new IllegalArgumentException("shares do not add up: " + margin + " = " + vendorRetained + " + "
                    + brokerFee + " + " + customerRebate);
        }
    }

    public static Shares zero(Currency currency) {
        Money zero = Money.zero(currency);
        return new Shares(zero, zero, zero, zero, zero);
    }

    public static Shares split(Money margin, ShareTerms terms) {
        if (margin.isNegative()) {
            throw new IllegalArgumentException("a margin cannot be negative, got " + margin);
        }
        long pool = terms.shareBps().floorOf(margin.minorUnits());
        long fee = terms.brokerFeeBps().floorOf(pool);
        return new Shares(margin, Money.of(pool, margin.currency()), Money.of(fee, margin.currency()),
                Money.of(pool - fee, margin.currency()), Money.of(margin.minorUnits() - pool, margin.currency()));
    }

    /**
     * The part of the margin that refunds totalling {@code refundedTotal} take back: floor(margin × refunded /
     * amount). Monotone in the refunded total, and equal to the whole margin when the whole amount is refunded.
     */
    public static Money refundedMargin(Money margin, Money amount, Money refundedTotal) {
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("a sale's amount must be positive, got " + amount);
        }
        if (margin.isNegative() || margin.compareTo(amount) > 0) {
            throw new IllegalArgumentException("margin " + margin + " must be within 0.." + amount);
        }
        if (refundedTotal.isNegative() || refundedTotal.compareTo(amount) > 0) {
            throw new IllegalArgumentException("refunded total " + refundedTotal + " must be within 0.." + amount);
        }
        return Money.of(MinorUnits.multiplyDivideFloor(margin.minorUnits(), refundedTotal.minorUnits(),
                amount.minorUnits()), margin.currency());
    }

    /** What one refund reverses: the shares of the refunded margin after it, less those before it. */
    public static Shares refundDelta(Money margin, Money amount, Money refundedBefore, Money refundedAfter,
                                     ShareTerms terms) {
        if (refundedAfter.compareTo(refundedBefore) < 0) {
            throw new IllegalArgumentException("refunds only add up: " + refundedBefore + " then " + refundedAfter);
        }
        return split(refundedMargin(margin, amount, refundedAfter), terms)
                .minus(split(refundedMargin(margin, amount, refundedBefore), terms));
    }

    public Shares minus(Shares other) {
        return new Shares(margin.minus(other.margin), pool.minus(other.pool), brokerFee.minus(other.brokerFee),
                customerRebate.minus(other.customerRebate), vendorRetained.minus(other.vendorRetained));
    }

    public boolean isZero() {
        return margin.isZero();
    }
}
