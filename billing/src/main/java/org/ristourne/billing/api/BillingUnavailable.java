package org.ristourne.billing.api;

/** Stripe could not be reached, timed out or failed on its side: the same request may be sent again later. */
public class BillingUnavailable extends RuntimeException {

    public BillingUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
