package org.ristourne.broker.payback;

import java.util.Currency;

/**
 * The customer as Stripe knows them: their Stripe customer id and the currency of their subscription, the only
 * currency their rebates are credited in.
 */
public record BillingCustomer(String customerId, String stripeCustomerId, Currency currency) {
}
