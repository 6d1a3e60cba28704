package org.ristourne.broker.api.share;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Give up a requested payout that was not settled: its reservation is released and the rebate is payable again.
 * Abandoning a payout already settled or abandoned records nothing.
 */
public record AbandonPayout(@TargetAggregateIdentifier String bookId, String payoutId, String reason) {
}
