package org.ristourne.ledger.money;

/** A rate in hundredths of a percent, 0 to 10000 (100 %). Rates are integers so that every share can be recomputed. */
public record BasisPoints(int value) {

    public static final int WHOLE = 10_000;

    public BasisPoints {
        if (value < 0 || value > WHOLE) {
            throw new IllegalArgumentException("basis points must be within 0..10000, got " + value);
        }
    }

    public static BasisPoints of(int value) {
        return new BasisPoints(value);
    }

    /** floor(amount x rate / 10000), exact for any long amount (the product is taken in 128 bits' worth). */
    public long floorOf(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("a rate applies to a non-negative amount, got " + amount);
        }
        return Math.multiplyHigh(amount, value) == 0 && amount * (long) value >= 0
                ? amount * value / WHOLE
                : java.math.BigInteger.valueOf(amount).multiply(java.math.BigInteger.valueOf(value))
                        .divide(java.math.BigInteger.valueOf(WHOLE)).longValueExact();
    }
}
