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

    /** floor(amount × rate / 10000), exact for every non-negative long amount. */
    public long floorOf(long amount) {
        return MinorUnits.multiplyDivideFloor(amount, value, WHOLE);
    }
}
