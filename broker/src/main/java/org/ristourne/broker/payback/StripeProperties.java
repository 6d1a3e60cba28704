package org.ristourne.broker.payback;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.ristourne.billing.stripe.StripeSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Stripe, as configured for this broker ({@code ristourne.stripe.*}, from the environment in application.yml). No
 * secret key means Stripe is not configured: the broker runs, nobody is credited, and health and the log say so.
 * Billing validates the values ({@link StripeSettings}); a wrong kind of key stops the broker at start-up.
 */
@ConfigurationProperties("ristourne.stripe")
public record StripeProperties(
        @Nullable String secretKey,
        @Nullable String webhookSigningSecret,
        @Nullable String subscriptionPriceId,
        @DefaultValue("https://api.stripe.com") URI apiBase,
        @DefaultValue("false") boolean connectPayouts,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("30s") Duration readTimeout) {

    public StripeSettings settings() {
        return new StripeSettings(secretKey, webhookSigningSecret, subscriptionPriceId, apiBase, connectPayouts,
                connectTimeout, readTimeout);
    }

    @Override
    public String toString() {
        return settings().toString();
    }
}
