package org.ristourne.broker.api.customer;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.ledger.money.Money;

/**
 * Billing reports that Stripe took {@code amount} of the customer's credit balance (their credited rebates) off their
 * subscription invoice {@code stripeInvoiceId}, paid at {@code appliedAt}. Once per invoice.
 */
public record RecordSubscriptionCredit(
        @TargetAggregateIdentifier CustomerId customerId,
        String stripeInvoiceId,
        Money amount,
        Instant appliedAt) {
}
