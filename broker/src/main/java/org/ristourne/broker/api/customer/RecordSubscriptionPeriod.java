package org.ristourne.broker.api.customer;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.ristourne.broker.api.CustomerId;

/** Billing reports a paid subscription period [activeFrom, activeUntil); periods may overlap or extend each other. */
public record RecordSubscriptionPeriod(
        @TargetAggregateIdentifier CustomerId customerId,
        Instant activeFrom,
        Instant activeUntil) {
}
