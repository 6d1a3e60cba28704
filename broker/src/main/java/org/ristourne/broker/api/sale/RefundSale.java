package org.ristourne.broker.api.sale;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.ristourne.broker.api.RefundId;
import org.ristourne.broker.api.SaleId;
import org.ristourne.ledger.money.Money;

/**
 * @param reportedAt when the broker received the refund: a refund dated further ahead than the clocks' skew is refused
 */
public record RefundSale(
        @TargetAggregateIdentifier SaleId saleId,
        RefundId refundId,
        Money amount,
        Instant refundedAt,
        Instant reportedAt) {

    /** A refund recorded when it happened (the demonstration data, tests): received at {@code refundedAt}. */
    public RefundSale(SaleId saleId, RefundId refundId, Money amount, Instant refundedAt) {
        this(saleId, refundId, amount, refundedAt, refundedAt);
    }
}
