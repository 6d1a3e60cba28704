package org.ristourne.broker.api.share;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.posting.PostingId;

/**
 * Tell a customer's payout book that a sale's posting changed what is payable to the customer: positive when the
 * sale was funded, negative when a refund after funding took some back. {@code bookId} is {@code payouts:} and the
 * customer id; {@code postingId} names the sale's posting, so the same posting fed twice counts once.
 */
public record BookRebatePayable(
        @TargetAggregateIdentifier String bookId,
        String customerId,
        String saleKey,
        PostingId postingId,
        Money change) {
}
