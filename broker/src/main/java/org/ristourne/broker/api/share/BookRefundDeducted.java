package org.ristourne.broker.api.share;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.ristourne.ledger.money.Money;

/** A refund of a funded sale was deducted from the vendor's invoice {@code invoiceId}, by {@code amount}. */
public record BookRefundDeducted(@TargetAggregateIdentifier String bookId, String refundId, Money amount,
                                 String invoiceId, Instant at) {
}
