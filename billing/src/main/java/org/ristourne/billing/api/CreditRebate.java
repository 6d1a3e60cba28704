package org.ristourne.billing.api;

import org.ristourne.ledger.money.Money;

/**
 * One payout of a customer's rebates as a Stripe balance credit. {@code amount} is positive, in the currency of the
 * customer's subscription; {@code ledgerReference} names the payout in the ledger and goes into Stripe's metadata
 * with the payout id.
 */
public record CreditRebate(String payoutId, String customerId, String stripeCustomerId, Money amount,
                           String ledgerReference) {

    public CreditRebate {
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("a credit must be positive, got " + amount);
        }
    }
}
