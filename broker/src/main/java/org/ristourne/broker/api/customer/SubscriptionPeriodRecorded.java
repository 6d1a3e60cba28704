package org.ristourne.broker.api.customer;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.ledger.money.Money;

public record SubscriptionPeriodRecorded(
        CustomerId customerId,
        Instant activeFrom,
        Instant activeUntil,
        @Nullable Money amountPaid) {
}
