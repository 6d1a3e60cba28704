package org.ristourne.broker.api.sale;

import java.time.Instant;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.RefundId;
import org.ristourne.broker.api.SaleId;
import org.ristourne.ledger.money.Money;

/**
 * Part or all of a sale was refunded. Carries the cumulative totals before and after, because each refund reverses
 * the difference between the shares of the refunded margin after it and before it.
 */
public record SaleRefunded(
        SaleId saleId,
        CustomerId customerId,
        RefundId refundId,
        Money amount,
        Money refundedBefore,
        Money refundedTotal,
        Instant refundedAt) {
}
