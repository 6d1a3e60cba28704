package org.ristourne.broker.api.customer;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.ledger.money.Money;

/**
 * Billing reports a paid subscription period [activeFrom, activeUntil) and what the customer paid for it (null when
 * unknown); periods may overlap or extend each other.
 */
public record RecordSubscriptionPeriod(
        @TargetAggregateIdentifier CustomerId customerId,
        Instant activeFrom,
        Instant activeUntil,
        @Nullable Money amountPaid) {
}
