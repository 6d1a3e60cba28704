package org.ristourne.billing.api;

import org.jspecify.annotations.Nullable;

/**
 * Stripe refused to make the customer or the checkout for a reason that sending it again cannot change (an unknown
 * price or customer, an invalid key, the same attempt with other parameters). {@code stripeStatus} is Stripe's HTTP
 * status, or null when refused before Stripe was asked.
 */
public class CheckoutRefused extends RuntimeException {

    private final @Nullable Integer stripeStatus;

    public CheckoutRefused(String message, @Nullable Integer stripeStatus, Throwable cause) {
        super(message, cause);
        this.stripeStatus = stripeStatus;
    }

    public CheckoutRefused(String message) {
        super(message);
        this.stripeStatus = null;
    }

    public @Nullable Integer stripeStatus() {
        return stripeStatus;
    }
}
