package org.ristourne.ledger.oracle;

import java.math.BigInteger;

/**
 * The split rule recomputed from its text (docs/ledger.md, "Split" and "Refunds"), with BigInteger and nothing of the
 * ledger's own code, so that tests compare the ledger against an independent reading of the rule rather than against
 * itself:
 * <ul>
 *   <li>pool = floor(margin × shareBps / 10000); the vendor keeps margin − pool;</li>
 *   <li>broker fee = floor(pool × brokerFeeBps / 10000); customer rebate = pool − broker fee;</li>
 *   <li>after refunds totalling R of a sale of amount A and margin M, the refunded margin is floor(M × R / A), and
 *       each party's share still standing is its share of M less its share of that refunded margin.</li>
 * </ul>
 * All figures are minor units, all inputs non-negative.
 */
public final class SplitRuleOracle {

    private static final BigInteger BPS = BigInteger.valueOf(10_000);

    /** One party's part of a margin, in minor units. */
    public record Parts(long vendor, long broker, long customer, long pool) {
    }

    private SplitRuleOracle() {
    }

    public static Parts split(long margin, int shareBps, int brokerFeeBps) {
        BigInteger m = BigInteger.valueOf(margin);
        BigInteger pool = m.multiply(BigInteger.valueOf(shareBps)).divide(BPS);
        BigInteger fee = pool.multiply(BigInteger.valueOf(brokerFeeBps)).divide(BPS);
        return new Parts(m.subtract(pool).longValueExact(), fee.longValueExact(), pool.subtract(fee).longValueExact(),
                pool.longValueExact());
    }

    /** floor(margin × refundedTotal / amount). */
    public static long refundedMargin(long margin, long amount, long refundedTotal) {
        return BigInteger.valueOf(margin).multiply(BigInteger.valueOf(refundedTotal))
                .divide(BigInteger.valueOf(amount)).longValueExact();
    }

    /** The parts still standing after refunds totalling {@code refundedTotal}. */
    public static Parts standing(long amount, long margin, long refundedTotal, int shareBps, int brokerFeeBps) {
        Parts whole = split(margin, shareBps, brokerFeeBps);
        Parts refunded = split(refundedMargin(margin, amount, refundedTotal), shareBps, brokerFeeBps);
        return new Parts(whole.vendor() - refunded.vendor(), whole.broker() - refunded.broker(),
                whole.customer() - refunded.customer(), whole.pool() - refunded.pool());
    }
}
