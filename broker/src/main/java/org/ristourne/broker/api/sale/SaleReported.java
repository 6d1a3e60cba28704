package org.ristourne.broker.api.sale;

import java.time.Instant;
import java.util.List;
import org.ristourne.broker.api.Agreement;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.RelationshipId;
import org.ristourne.broker.api.SaleId;
import org.ristourne.broker.api.SaleLine;
import org.ristourne.ledger.money.Money;

/** A sale is recorded as pending until {@code confirmableAt}, the end of the vendor's return window. */
public record SaleReported(
        SaleId saleId,
        RelationshipId relationshipId,
        CustomerId customerId,
        Money amount,
        Money margin,
        boolean marginFromAgreementDefault,
        Instant completedAt,
        Agreement agreement,
        Instant confirmableAt,
        List<SaleLine> lines,
        Instant reportedAt) {
}
