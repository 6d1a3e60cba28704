package org.ristourne.billing.api;

/** Stripe refused a credit for a reason that sending it again cannot change. */
public class CreditRefused extends RuntimeException {

    public CreditRefused(String message, Throwable cause) {
        super(message, cause);
    }

    /** Refused before Stripe was asked, or for a reason found in Stripe's answer rather than thrown. */
    public CreditRefused(String message) {
        super(message);
    }
}
