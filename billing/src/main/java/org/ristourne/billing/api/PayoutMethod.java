package org.ristourne.billing.api;

/** How a payout left: as credit on the customer's next Stripe invoice, or as cash to their Stripe connected account. */
public enum PayoutMethod {
    /** A negative Stripe customer balance transaction ({@link CustomerCredits}). */
    CREDIT,
    /** A Stripe Connect transfer to the customer's connected account ({@link CashPayouts}). */
    CASH
}
