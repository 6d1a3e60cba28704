package org.ristourne.broker.api.share;

import java.time.Instant;
import org.ristourne.ledger.money.Money;

public record SaleBookRefunded(String bookId, String refundId, Money amount, Instant refundedAt) {
}
