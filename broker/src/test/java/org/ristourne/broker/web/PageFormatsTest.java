package org.ristourne.broker.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.ristourne.ledger.money.Money;
import org.springframework.context.support.ResourceBundleMessageSource;

/** Money in the currency's own decimals with the locale's separators; near dates in words. */
class PageFormatsTest {

    private final PageFormats formats = new PageFormats(messages(),
            Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC), "UTC");

    @Test
    void moneyIsWrittenTheWayEachLanguageWritesIt() {
        assertThat(formats.money(Money.of(630, "EUR"), Locale.ENGLISH)).isEqualTo("€6.30");
        assertThat(formats.money(Money.of(630, "EUR"), Locale.FRENCH).replace('\u202f', ' ').replace('\u00a0', ' '))
                .isEqualTo("6,30 €");
        assertThat(formats.money(Money.of(1_234_567, "EUR"), Locale.FRENCH).replaceAll("[\\s\\u00a0\\u202f]", " "))
                .isEqualTo("12 345,67 €");
    }

    @Test
    void eachCurrencyKeepsItsOwnDecimals() {
        assertThat(formats.money(Money.of(1500, "JPY"), Locale.ENGLISH)).isEqualTo("¥1,500");
        assertThat(formats.money(Money.of(1500, "KWD"), Locale.ENGLISH)).isEqualTo("KWD1.500");
        assertThat(formats.money(Money.of(-630, "EUR"), Locale.ENGLISH)).isEqualTo("-€6.30");
    }

    @Test
    void nearDatesAreRelativeAndFarOnesAbsolute() {
        assertThat(formats.relative(Instant.parse("2026-12-08T09:00:00Z"), Locale.ENGLISH)).isEqualTo("in 12 days");
        assertThat(formats.relative(Instant.parse("2026-11-27T09:00:00Z"), Locale.FRENCH)).isEqualTo("dans 1 jour");
        assertThat(formats.relative(Instant.parse("2026-11-21T09:00:00Z"), Locale.ENGLISH)).isEqualTo("5 days ago");
        assertThat(formats.relative(Instant.parse("2026-11-26T23:00:00Z"), Locale.ENGLISH)).isEqualTo("today");
        assertThat(formats.relative(Instant.parse("2027-03-01T00:00:00Z"), Locale.ENGLISH)).isEqualTo("Mar 1, 2027");
        assertThat(formats.isoDate(Instant.parse("2027-03-01T00:00:00Z"))).isEqualTo("2027-03-01");
    }

    private static ResourceBundleMessageSource messages() {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasenames("messages/common");
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        source.setAlwaysUseMessageFormat(true);
        return source;
    }
}
