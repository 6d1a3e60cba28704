package org.ristourne.broker.api.share;

import java.time.Instant;

public record SaleBookFunded(String bookId, Instant fundedAt) {
}
