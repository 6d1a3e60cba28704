package org.ristourne.billing.api;

import org.jspecify.annotations.Nullable;

/**
 * Starts a customer's subscription: their Stripe Customer, then a Stripe Checkout Session in subscription mode whose
 * page the customer opens to pay. What happens next (the checkout completing, invoices paid) reaches the broker as
 * Stripe webhook events; this port only starts it. Billing's Stripe adapter implements it.
 *
 * <p>Idempotent: the Stripe Customer's idempotency key is derived from the customer id, the session's from the
 * customer id and {@link StartCheckout#attemptId()}, so a request sent again (after a timeout, say) within Stripe's 24
 * hours makes neither a second Stripe Customer nor a second session.
 */
public interface SubscriptionCheckout {

    /**
     * Creates the customer's Stripe Customer (metadata {@code customer_id}). The caller records the id it answers
     * before doing anything else with it, so that the next checkout reuses it.
     *
     * @throws BillingUnavailable when Stripe could not be reached, timed out or answered 5xx: try again later
     * @throws CheckoutRefused    when Stripe refused for good (a 4xx)
     */
    String createCustomer(String customerId, @Nullable String email);

    /**
     * Creates the Checkout Session, first the Stripe Customer if {@link StartCheckout#stripeCustomerId()} is null.
     *
     * @throws BillingUnavailable when Stripe could not be reached, timed out or answered 5xx: try again later, with
     *                            the same request
     * @throws CheckoutRefused    when Stripe refused for good (a 4xx such as an unknown price or customer)
     */
    CheckoutReceipt start(StartCheckout request);
}
