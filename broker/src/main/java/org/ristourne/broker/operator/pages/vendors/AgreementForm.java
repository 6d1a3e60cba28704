package org.ristourne.broker.operator.pages.vendors;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.AgreementTerms;
import org.ristourne.ledger.money.BasisPoints;

/**
 * An agreement as the operator types it: percentages (20, 12.5 or 12,5) rather than basis points, hold days, currency
 * codes separated by commas or spaces. Kept as typed so that a refused form comes back as it was sent; {@link #terms}
 * turns it into the domain's terms or names every field that cannot be, so one answer lists every mistake.
 */
record AgreementForm(String sharePercent, String brokerFeePercent, String holdDays, String defaultMarginPercent,
                     String currencies) {

    /** A field the operator must correct, and the message key that says how. */
    record Mistake(String field, String messageKey) {
    }

    record Parsed(@Nullable AgreementTerms terms, List<Mistake> mistakes) {
    }

    static final AgreementForm BLANK = new AgreementForm("", "", "", "", "");

    AgreementForm {
        sharePercent = sharePercent == null ? "" : sharePercent.strip();
        brokerFeePercent = brokerFeePercent == null ? "" : brokerFeePercent.strip();
        holdDays = holdDays == null ? "" : holdDays.strip();
        defaultMarginPercent = defaultMarginPercent == null ? "" : defaultMarginPercent.strip();
        currencies = currencies == null ? "" : currencies.strip();
    }

    /** The form filled with terms in force, for a new version that changes one thing. */
    static AgreementForm of(AgreementTerms terms) {
        return new AgreementForm(plain(terms.shareBps()), plain(terms.brokerFeeBps()),
                Integer.toString(terms.holdDays()),
                terms.defaultMarginBps() == null ? "" : plain(terms.defaultMarginBps()),
                String.join(", ", terms.currencies().stream().map(Currency::getCurrencyCode).toList()));
    }

    Parsed terms() {
        List<Mistake> mistakes = new ArrayList<>();
        BasisPoints share = basisPoints(sharePercent, "sharePercent", mistakes);
        BasisPoints fee = basisPoints(brokerFeePercent, "brokerFeePercent", mistakes);
        BasisPoints margin = defaultMarginPercent.isEmpty() ? null
                : basisPoints(defaultMarginPercent, "defaultMarginPercent", mistakes);
        Integer days = holdDayCount();
        if (days == null) {
            mistakes.add(new Mistake("holdDays", "ops.vendors.mistake.hold-days"));
        }
        Set<Currency> codes = currencyCodes();
        if (codes == null) {
            mistakes.add(new Mistake("currencies", "ops.vendors.mistake.currencies"));
        }
        if (!mistakes.isEmpty()) {
            return new Parsed(null, List.copyOf(mistakes));
        }
        return new Parsed(new AgreementTerms(share, fee, days, margin, codes), List.of());
    }

    private static @Nullable BasisPoints basisPoints(String percent, String field, List<Mistake> mistakes) {
        try {
            BigDecimal value = new BigDecimal(percent.replace(',', '.').replace("%", "").strip());
            // Basis points are whole hundredths of a percent: 12.345 % has no exact basis points, so it is refused.
            BigDecimal bps = value.movePointRight(2).stripTrailingZeros();
            if (bps.scale() <= 0 && bps.signum() >= 0 && bps.compareTo(BigDecimal.valueOf(BasisPoints.WHOLE)) <= 0) {
                return BasisPoints.of(bps.intValueExact());
            }
        } catch (NumberFormatException | ArithmeticException malformed) {
            // told below
        }
        mistakes.add(new Mistake(field, "ops.vendors.mistake.percent." + field));
        return null;
    }

    private @Nullable Integer holdDayCount() {
        try {
            int days = Integer.parseInt(holdDays);
            return days >= 0 && days <= AgreementTerms.MAX_HOLD_DAYS ? days : null;
        } catch (NumberFormatException malformed) {
            return null;
        }
    }

    private @Nullable Set<Currency> currencyCodes() {
        Set<Currency> codes = new LinkedHashSet<>();
        for (String code : currencies.toUpperCase(Locale.ROOT).split("[,;\\s]+")) {
            if (code.isEmpty()) {
                continue;
            }
            try {
                Currency currency = Currency.getInstance(code);
                // Codes like XAU (gold) have no minor unit: no amount in them could be split.
                if (currency.getDefaultFractionDigits() < 0) {
                    return null;
                }
                codes.add(currency);
            } catch (IllegalArgumentException unknown) {
                return null;
            }
        }
        return codes.isEmpty() ? null : codes;
    }

    /** Basis points as the percent the form takes back: 2000 is 20, 1250 is 12.5. */
    static String plain(BasisPoints bps) {
        return BigDecimal.valueOf(bps.value()).movePointLeft(2).stripTrailingZeros().toPlainString();
    }

    /** Basis points as a percent in the locale's style: 20% in English, 20 % in French, up to two decimals. */
    static String percent(BasisPoints bps, Locale locale) {
        NumberFormat format = NumberFormat.getPercentInstance(locale);
        format.setMaximumFractionDigits(2);
        return format.format(BigDecimal.valueOf(bps.value()).movePointLeft(4));
    }
}
