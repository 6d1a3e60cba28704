package org.ristourne.broker.api.share;

import java.time.Instant;

public record SaleBookConfirmed(String bookId, Instant confirmedAt) {
}
