package org.ristourne.ledger.money;

import java.math.BigInteger;

/**
 * The one place where amounts are scaled: a × b / c rounded down, exact whatever the size of a × b. Every share and
 * every refunded margin goes through here, so the rounding rule (floor) is applied identically everywhere.
 */
public final class MinorUnits {

    private MinorUnits() {
    }

    /** floor(a × b / c) for a, b ≥ 0 and c > 0; the result must fit in a long (it does whenever b ≤ c). */
    public static long multiplyDivideFloor(long a, long b, long c) {
        if (a < 0 || b < 0 || c <= 0) {
            throw new IllegalArgumentException("expected a, b >= 0 and c > 0, got " + a + ", " + b + ", " + c);
        }
        if (b == 0 || a <= Long.MAX_VALUE / b) {
            return a * b / c;
        }
        return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divide(BigInteger.valueOf(c)).longValueExact();
    }
}
