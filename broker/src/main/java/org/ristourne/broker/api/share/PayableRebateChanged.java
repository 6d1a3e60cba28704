package org.ristourne.broker.api.share;

import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.posting.PostingId;

/** A customer's payout book learnt that posting {@code postingId} of a sale changed what is payable to them. */
public record PayableRebateChanged(
        String bookId,
        String customerId,
        String saleKey,
        PostingId postingId,
        Money change) {
}
