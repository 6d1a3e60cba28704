package org.ristourne.broker.api.share;

import org.ristourne.ledger.money.Money;

/**
 * Payout {@code payoutId} was given up before it was settled: the {@code amount} it had reserved is payable again.
 * Should Stripe confirm it after all, the settlement is still booked, once, if the rebate is still payable.
 */
public record PayoutAbandoned(String bookId, String customerId, String payoutId, Money amount, String reason) {
}
