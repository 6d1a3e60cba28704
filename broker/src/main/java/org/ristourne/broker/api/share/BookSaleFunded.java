package org.ristourne.broker.api.share;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record BookSaleFunded(@TargetAggregateIdentifier String bookId, Instant at) {
}
