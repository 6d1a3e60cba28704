package org.ristourne.broker.payback;

import java.util.Optional;

/**
 * Which Stripe customer a customer is, and the currency of their subscription. Filled by the subscription flow
 * (Stripe Checkout); until a customer is known here, nothing is paid out to them.
 */
public interface BillingCustomers {

    Optional<BillingCustomer> find(String customerId);
}
