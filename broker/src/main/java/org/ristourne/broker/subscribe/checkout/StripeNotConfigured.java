package org.ristourne.broker.subscribe.checkout;

/** No Stripe secret key or no subscription price on this broker: no checkout can start. */
public final class StripeNotConfigured extends RuntimeException {

    StripeNotConfigured(String message) {
        super(message, null, false, false);
    }
}
