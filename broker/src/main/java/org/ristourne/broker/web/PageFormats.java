package org.ristourne.broker.web;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.ristourne.ledger.money.Money;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * How pages write money and dates, as {@code ${@pageFormats.money(m, #locale)}}: the currency's own decimals and the
 * locale's separators and symbol (12,34 € in French, €12.34 in English); dates relative when near ("in 12 days"),
 * absolute otherwise. Pages show dates in {@code ristourne.pages.zone} (UTC unless set).
 */
@Component
public class PageFormats {

    private static final int NEAR_DAYS = 30;

    private final MessageSource messages;
    private final Clock clock;
    private final ZoneId zone;

    PageFormats(MessageSource messages, Clock clock,
                @org.springframework.beans.factory.annotation.Value("${ristourne.pages.zone:UTC}") String zone) {
        this.messages = messages;
        this.clock = clock;
        this.zone = ZoneId.of(zone);
    }

    public String money(@Nullable Money money, Locale locale) {
        if (money == null) {
            return "";
        }
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(money.currency());
        int digits = Math.max(0, money.currency().getDefaultFractionDigits());
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(BigDecimal.valueOf(money.minorUnits(), digits));
    }

    /** A plain decimal for CSV and machine-read attributes: 12.34, whatever the locale. */
    public String decimal(Money money) {
        return money.toDecimalString();
    }

    public String date(@Nullable Instant instant, Locale locale) {
        if (instant == null) {
            return "";
        }
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale).format(instant.atZone(zone));
    }

    /** ISO date, for datetime attributes and CSV. */
    public String isoDate(@Nullable Instant instant) {
        return instant == null ? "" : instant.atZone(zone).toLocalDate().toString();
    }

    /** "today", "in 3 days", "5 days ago" within a month; the date otherwise. */
    public String relative(@Nullable Instant instant, Locale locale) {
        if (instant == null) {
            return "";
        }
        LocalDate today = clock.instant().atZone(zone).toLocalDate();
        long days = ChronoUnit.DAYS.between(today, instant.atZone(zone).toLocalDate());
        if (days == 0) {
            return messages.getMessage("time.today", null, locale);
        }
        if (Math.abs(days) > NEAR_DAYS) {
            return date(instant, locale);
        }
        return days > 0 ? messages.getMessage("time.in-days", new Object[] {days}, locale)
                : messages.getMessage("time.days-ago", new Object[] {-days}, locale);
    }

    /** The time of day, short ("14:32", "2:32 PM"): for what happens within the hour, like a payout's next attempt. */
    public String time(@Nullable Instant instant, Locale locale) {
        if (instant == null) {
            return "";
        }
        return DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(locale).format(instant.atZone(zone));
    }

    public ZoneId zone() {
        return zone;
    }
}
