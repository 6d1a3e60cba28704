package org.ristourne.support;

import org.ristourne.billing.standin.StripeStandIn;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Points the broker's Stripe configuration ({@code ristourne.stripe.*}) at a running Stripe stand-in. */
public final class StripeStandInProperties {

    private StripeStandInProperties() {
    }

    public static void register(DynamicPropertyRegistry registry, StripeStandIn stripe) {
        registry.add("ristourne.stripe.secret-key", () -> StripeStandIn.SECRET_KEY);
        registry.add("ristourne.stripe.webhook-signing-secret", () -> StripeStandIn.WEBHOOK_SECRET);
        registry.add("ristourne.stripe.api-base", () -> stripe.baseUrl().toString());
        registry.add("ristourne.stripe.read-timeout", () -> StripeStandIn.READ_TIMEOUT.toString());
    }
}
