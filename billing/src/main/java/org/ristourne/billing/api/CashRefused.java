package org.ristourne.billing.api;

/** Stripe refused a transfer for a reason that sending it again cannot change: no money moved. */
public class CashRefused extends RuntimeException {

    public CashRefused(String message, Throwable cause) {
        super(message, cause);
    }

    /** Refused before Stripe was asked, or for a reason found in Stripe's answer rather than thrown. */
    public CashRefused(String message) {
        super(message);
    }
}
