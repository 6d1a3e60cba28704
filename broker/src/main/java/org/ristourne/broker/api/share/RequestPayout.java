package org.ristourne.broker.api.share;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.ristourne.ledger.money.Money;

/**
 * Reserve {@code amount} of what is payable to the customer for payout {@code payoutId}, before anyone asks Stripe to
 * move it. Refused when the amount is not positive, below {@code minimum} (the configured minimum payout in the same
 * currency), or above what is payable and not already reserved by payouts in flight. Sent twice with the same
 * content, it reserves once.
 */
public record RequestPayout(
        @TargetAggregateIdentifier String bookId,
        String customerId,
        String payoutId,
        Money amount,
        Money minimum) {
}
