package org.ristourne.broker.api.share;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.ristourne.ledger.money.Money;

public record BookSaleRefunded(@TargetAggregateIdentifier String bookId, String refundId, Money amount, Instant at) {
}
