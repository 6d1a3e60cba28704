package org.ristourne.broker.api.customer;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.ristourne.broker.api.CustomerId;

/** The subscription stops at {@code at}: paid time after it no longer counts as subscribed. */
public record EndSubscription(@TargetAggregateIdentifier CustomerId customerId, Instant at) {
}
