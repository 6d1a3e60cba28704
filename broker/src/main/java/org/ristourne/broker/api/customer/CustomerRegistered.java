package org.ristourne.broker.api.customer;

import java.time.Instant;
import org.ristourne.broker.api.CustomerId;

public record CustomerRegistered(CustomerId customerId, Instant registeredAt) {
}
