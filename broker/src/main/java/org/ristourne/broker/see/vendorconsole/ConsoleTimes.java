package org.ristourne.broker.see.vendorconsole;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import org.springframework.context.MessageSource;

/**
 * An instant as the console shows it: near in words ("3 minutes ago", "in 24 hours"), and the date and time with
 * its zone beside it, since a vendor's developer compares them with their own logs. The account page's days are too
 * coarse here: a rotation's overlap is counted in hours.
 */
final class ConsoleTimes {

    /** {@code iso} for datetime attributes; {@code absolute} and {@code relative} for people. */
    record TimeText(String iso, String absolute, String relative) {
    }

    private ConsoleTimes() {
    }

    static TimeText of(Instant instant, Instant now, ZoneId zone, Locale locale, MessageSource messages) {
        String absolute = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(locale).format(instant.atZone(zone)) + " " + zone.getId();
        return new TimeText(instant.toString(), absolute, relative(instant, now, locale, messages));
    }

    static String relative(Instant instant, Instant now, Locale locale, MessageSource messages) {
        Duration distance = Duration.between(now, instant);
        boolean future = !distance.isNegative();
        Duration span = distance.abs();
        String unit;
        long count;
        if (span.toMinutes() < 1) {
            return messages.getMessage("console.time.now", null, locale);
        } else if (span.toMinutes() < 60) {
            unit = "minutes";
            count = span.toMinutes();
        } else if (span.toHours() < 48) {
            unit = "hours";
            // 23 h 59 min left of a 24-hour overlap still reads "in 24 hours".
            count = future ? (span.toMinutes() + 59) / 60 : span.toHours();
        } else {
            unit = "days";
            count = span.toDays();
        }
        return messages.getMessage("console.time." + (future ? "in-" : "ago-") + unit, new Object[] {count}, locale);
    }
}
