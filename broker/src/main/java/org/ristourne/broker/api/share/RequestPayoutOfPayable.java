package org.ristourne.broker.api.share;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.ristourne.ledger.money.Money;

/**
 * Reserve, for payout {@code payoutId}, all that is payable to the customer in the currency of {@code minimum} and not
 * already reserved, if that is at least {@code minimum}; otherwise record nothing (it is held until more is payable).
 * The payout policy sends it: only the book knows the balance at the moment it reserves. A payout id already used
 * records nothing, so a redelivered trigger never reserves twice.
 */
public record RequestPayoutOfPayable(
        @TargetAggregateIdentifier String bookId,
        String customerId,
        String payoutId,
        Money minimum) {
}
