package org.ristourne.broker.api.sale;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.ristourne.broker.api.RefundId;
import org.ristourne.broker.api.SaleId;
import org.ristourne.ledger.money.Money;

public record RefundSale(
        @TargetAggregateIdentifier SaleId saleId,
        RefundId refundId,
        Money amount,
        Instant refundedAt) {
}
