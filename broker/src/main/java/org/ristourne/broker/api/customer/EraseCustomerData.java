package org.ristourne.broker.api.customer;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.ristourne.broker.api.CustomerId;

/** The customer's account is erased at {@code at}: their personal data becomes unreadable for good. */
public record EraseCustomerData(@TargetAggregateIdentifier CustomerId customerId, Instant at) {
}
