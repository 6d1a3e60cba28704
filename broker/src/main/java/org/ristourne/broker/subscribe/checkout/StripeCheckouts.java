package org.ristourne.broker.subscribe.checkout;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.ristourne.billing.api.SubscriptionCheckout;

/**
 * Billing's {@link SubscriptionCheckout} if this node has one (only when Stripe is configured) and the price a
 * customer subscribes to. Without either, starting a checkout answers plainly that Stripe is not configured.
 */
public final class StripeCheckouts {

    private final @Nullable SubscriptionCheckout checkout;
    private final @Nullable String priceId;

    public StripeCheckouts(@Nullable SubscriptionCheckout checkout, @Nullable String priceId) {
        this.checkout = checkout;
        this.priceId = priceId;
    }

    public Optional<SubscriptionCheckout> port() {
        return Optional.ofNullable(checkout);
    }

    public Optional<String> priceId() {
        return Optional.ofNullable(priceId);
    }

    public boolean configured() {
        return checkout != null && priceId != null;
    }
}
