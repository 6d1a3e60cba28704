package org.ristourne.billing.api;

/**
 * A request to the Stripe webhook that is not a Stripe event signed with our secret within the tolerance: missing or
 * wrong signature, a stale timestamp, or a body that is not an event. The broker answers 400 and changes nothing.
 */
public class StripeEventRejected extends RuntimeException {

    public StripeEventRejected(String message, Throwable cause) {
        super(message, cause);
    }

    public StripeEventRejected(String message) {
        super(message);
    }
}
