package org.ristourne.billing.api;

import org.ristourne.ledger.money.Money;

/**
 * One payout of a customer's rebates as cash: a Stripe Connect transfer from the platform's balance to the customer's
 * connected account ({@code acct_…}). {@code amount} is positive; {@code ledgerReference} names the payout in the
 * ledger and goes into Stripe's metadata with the payout and customer ids.
 */
public record PayCash(String payoutId, String customerId, String connectedAccountId, Money amount,
                      String ledgerReference) {

    public PayCash {
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("a cash payout must be positive, got " + amount);
        }
    }
}
