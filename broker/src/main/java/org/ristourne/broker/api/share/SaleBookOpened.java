package org.ristourne.broker.api.share;

import java.time.Instant;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.share.ShareTerms;

/** The ledger took a sale on: from here its shares move with each step of the sale. */
public record SaleBookOpened(
        String bookId,
        String saleKey,
        String vendorId,
        String customerId,
        ShareTerms terms,
        Money amount,
        Money margin,
        Instant openedAt) {
}
