package org.ristourne.broker.api.share;

import org.ristourne.ledger.money.Money;

/**
 * {@code amount} of the customer's payable rebate is reserved for payout {@code payoutId}: no other payout may take it
 * until this one is settled ({@link PostingRecorded} and {@link PayoutAllocated}) or abandoned
 * ({@link PayoutAbandoned}). Starts the payout saga.
 */
public record PayoutRequested(String bookId, String customerId, String payoutId, Money amount) {
}
