package org.ristourne.broker.see.relationships;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.util.Locale;

/**
 * A vendor's offer in the customer's words: the part of its margin it shares, and how that part is split between the
 * customer and Ristourne, as the ledger splits it (the customer gets the pool less the broker's fee). Percentages in
 * the locale's own style (20% in English, 20 % in French), to two decimals at most. The customer's part is rounded
 * and Ristourne's is what remains of the shared part, so the two always add up to what the vendor shares.
 */
public record SharePercents(int shareBps, String offered, String yours, String ristourne) {

    private static final int DECIMALS = 2;
    private static final BigDecimal WHOLE_BPS = BigDecimal.valueOf(10_000);

    public static SharePercents of(int shareBps, int brokerFeeBps, Locale locale) {
        // In percent: 2000 bps is 20; the customer's part of it is 20 x (10000 - fee) / 10000.
        BigDecimal offered = BigDecimal.valueOf(shareBps).movePointLeft(2);
        BigDecimal yours = offered.multiply(WHOLE_BPS.subtract(BigDecimal.valueOf(brokerFeeBps)))
                .divide(WHOLE_BPS).setScale(DECIMALS, RoundingMode.HALF_EVEN);
        return new SharePercents(shareBps, percent(offered, locale), percent(yours, locale),
                percent(offered.subtract(yours), locale));
    }

    private static String percent(BigDecimal percent, Locale locale) {
        NumberFormat format = NumberFormat.getPercentInstance(locale);
        format.setMaximumFractionDigits(DECIMALS);
        return format.format(percent.movePointLeft(2));
    }
}
