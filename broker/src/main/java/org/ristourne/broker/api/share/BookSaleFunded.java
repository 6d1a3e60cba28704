package org.ristourne.broker.api.share;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;
import org.ristourne.ledger.money.Money;

/**
 * The vendor paid for the sale's pool. {@code funded} is what it paid (the amount it was invoiced, which a refund
 * booked since may have made more than the standing pool); null means the standing pool.
 */
public record BookSaleFunded(@TargetAggregateIdentifier String bookId, Instant at, @Nullable Money funded) {

    public BookSaleFunded(String bookId, Instant at) {
        this(bookId, at, null);
    }
}
