package org.ristourne.broker.see.relationships;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.util.Locale;

/**
 * A vendor's offer in the customer's words: the part of its margin it shares, and how that part is split between the
 * customer and Ristourne, as the ledger splits it (the customer gets the pool less the broker's fee). Percentages in
 * the locale's own style (20% in English, 20 % in French), to two decimals at most.
 */
record SharePercents(int shareBps, String offered, String yours, String ristourne) {

    private static final BigDecimal WHOLE = BigDecimal.valueOf(10_000);

    static SharePercents of(int shareBps, int brokerFeeBps, Locale locale) {
        BigDecimal share = BigDecimal.valueOf(shareBps);
        BigDecimal yours = share.multiply(WHOLE.subtract(BigDecimal.valueOf(brokerFeeBps))).divide(WHOLE);
        return new SharePercents(shareBps, percent(share, locale), percent(yours, locale),
                percent(share.subtract(yours), locale));
    }

    private static String percent(BigDecimal bps, Locale locale) {
        NumberFormat format = NumberFormat.getPercentInstance(locale);
        format.setMaximumFractionDigits(2);
        format.setRoundingMode(RoundingMode.HALF_EVEN);
        return format.format(bps.divide(WHOLE));
    }
}
