package org.ristourne.broker.payback;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.ristourne.ledger.money.Money;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How rebates are paid back.
 *
 * @param minimumPayout     per currency code, the least payable balance paid out (in that currency's units, e.g.
 *                          {@code EUR: 5.00}); a currency not listed is never paid out automatically. Default
 *                          {@code EUR: 5.00}
 * @param firstRetryDelay   how long after Stripe was unavailable a payout is tried again; doubled after each further
 *                          failure
 * @param maxRetryDelay     the longest wait between two attempts; also how often a payout requested while Stripe is
 *                          not configured looks again
 * @param maxAttempts       attempts (the first included) before a payout Stripe keeps failing is given up
 * @param forgetAbandonedAfter how long a payout given up still listens for a late confirmation from Stripe
 * @param giveUpUnverifiedAfter how long a payout unavailable {@code max-attempts} times keeps asking Stripe whether it
 *                          credited it (the look-up before giving up) while that look-up fails too; past it the payout
 *                          is given up unverified, with an ERROR
 */
@ConfigurationProperties("ristourne.payback")
public record PaybackProperties(
        @Nullable Map<String, BigDecimal> minimumPayout,
        @DefaultValue("1m") Duration firstRetryDelay,
        @DefaultValue("1h") Duration maxRetryDelay,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("30d") Duration forgetAbandonedAfter,
        @DefaultValue("7d") Duration giveUpUnverifiedAfter) {

    @ConstructorBinding
    public PaybackProperties {
        minimumPayout = minimumPayout == null || minimumPayout.isEmpty()
                ? Map.of("EUR", new BigDecimal("5.00")) : Map.copyOf(minimumPayout);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("ristourne.payback.max-attempts must be at least 1, got " + maxAttempts);
        }
    }

    /** With the default {@code give-up-unverified-after} of 7 days. */
    public PaybackProperties(@Nullable Map<String, BigDecimal> minimumPayout, Duration firstRetryDelay,
                             Duration maxRetryDelay, int maxAttempts, Duration forgetAbandonedAfter) {
        this(minimumPayout, firstRetryDelay, maxRetryDelay, maxAttempts, forgetAbandonedAfter, Duration.ofDays(7));
    }

    /** The minimum payout in the currency, exact to its minor unit; empty when payouts in it are not automated. */
    public Optional<Money> minimumIn(Currency currency) {
        return minimumPayout.entrySet().stream()
                .filter(entry -> entry.getKey().toUpperCase(Locale.ROOT).equals(currency.getCurrencyCode()))
                .findFirst()
                .map(entry -> Money.of(entry.getValue().movePointRight(currency.getDefaultFractionDigits())
                        .longValueExact(), currency));
    }

    /** The wait before the attempt that follows {@code failures} consecutive failures: 1, 2, 4 … times the first. */
    public Duration retryDelayAfter(int failures) {
        int doublings = Math.min(Math.max(failures - 1, 0), 30);
        long millis = firstRetryDelay.toMillis() << doublings;
        return millis <= 0 || millis > maxRetryDelay.toMillis() ? maxRetryDelay : Duration.ofMillis(millis);
    }
}
