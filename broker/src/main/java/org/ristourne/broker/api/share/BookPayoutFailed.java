package org.ristourne.broker.api.share;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record BookPayoutFailed(@TargetAggregateIdentifier String bookId, String payoutId, Instant at) {
}
