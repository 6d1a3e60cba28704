package org.ristourne.billing.api;

/** Stripe refused a vendor invoice for a reason that sending it again cannot change. */
public class InvoiceRefused extends RuntimeException {

    public InvoiceRefused(String message, Throwable cause) {
        super(message, cause);
    }

    public InvoiceRefused(String message) {
        super(message);
    }
}
