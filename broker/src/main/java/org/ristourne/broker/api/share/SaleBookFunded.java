package org.ristourne.broker.api.share;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.ristourne.ledger.money.Money;

/** The sale's pool was funded: by {@code funded}, or by the standing pool when null (events before invoicing). */
public record SaleBookFunded(String bookId, Instant fundedAt, @Nullable Money funded) {

    public SaleBookFunded(String bookId, Instant fundedAt) {
        this(bookId, fundedAt, null);
    }
}
