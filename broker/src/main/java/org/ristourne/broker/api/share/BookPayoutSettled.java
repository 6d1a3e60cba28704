package org.ristourne.broker.api.share;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.ristourne.ledger.money.Money;

/** {@code bookId} is {@code payouts:} and the customer id. */
public record BookPayoutSettled(
        @TargetAggregateIdentifier String bookId,
        String customerId,
        String payoutId,
        Money amount,
        Instant at) {
}
