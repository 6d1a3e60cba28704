package org.ristourne.broker.api.share;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.share.ShareTerms;

/** Post the pending shares of a reported sale. {@code bookId} is {@code ledger:} and the sale key. */
public record BookSaleReported(
        @TargetAggregateIdentifier String bookId,
        String saleKey,
        String vendorId,
        String customerId,
        ShareTerms terms,
        Money amount,
        Money margin,
        Instant at) {
}
