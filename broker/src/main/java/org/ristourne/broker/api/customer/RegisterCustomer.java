package org.ristourne.broker.api.customer;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.ristourne.broker.api.CustomerId;

public record RegisterCustomer(@TargetAggregateIdentifier CustomerId customerId, Instant at) {
}
