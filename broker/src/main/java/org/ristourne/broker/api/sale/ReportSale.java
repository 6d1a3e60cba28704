package org.ristourne.broker.api.sale;

import java.time.Instant;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.CustomerRef;
import org.ristourne.broker.api.SaleId;
import org.ristourne.broker.api.SaleLine;
import org.ristourne.ledger.money.Money;

/**
 * A vendor reports a completed sale against the pseudonym it knows the customer by. A null margin means the vendor
 * reported none and the agreement's default margin rate applies.
 */
public record ReportSale(
        @TargetAggregateIdentifier SaleId saleId,
        CustomerRef customerRef,
        Money amount,
        @Nullable Money margin,
        Instant completedAt,
        List<SaleLine> lines,
        Instant reportedAt) {
}
