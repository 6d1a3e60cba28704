package org.ristourne.broker.payback;

import java.util.Optional;

/**
 * Writes {@code billing_customer} for the subscription flow (the Stripe webhook, when a checkout completes) and finds
 * a customer by their Stripe customer id. Kept apart from {@link BillingCustomers}, the payout side's read-only view.
 */
public interface BillingCustomerRecords {

    /** What {@link #record} did. */
    enum Recorded { RECORDED, ALREADY_KNOWN, CONFLICT }

    /**
     * Records who the customer is in Stripe. The same facts again change nothing; other facts for a customer already
     * known (another Stripe customer or currency) are not applied ({@link Recorded#CONFLICT}): payouts may be in flight
     * in the known currency, so a person decides.
     */
    Recorded record(BillingCustomer customer);

    Optional<BillingCustomer> findByStripeCustomerId(String stripeCustomerId);
}
