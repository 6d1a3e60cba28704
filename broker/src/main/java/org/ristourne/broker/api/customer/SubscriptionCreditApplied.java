package org.ristourne.broker.api.customer;

import java.time.Instant;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.ledger.money.Money;

/**
 * Stripe took {@code amount} of the customer's credited rebates off their subscription invoice
 * {@code stripeInvoiceId} (paid at {@code appliedAt}). The statement attributes it to the customer's credited payouts,
 * oldest first.
 */
public record SubscriptionCreditApplied(
        CustomerId customerId,
        String stripeInvoiceId,
        Money amount,
        Instant appliedAt) {
}
