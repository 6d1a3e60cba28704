package org.ristourne.broker.api.vendor;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.OfferId;
import org.ristourne.broker.api.VendorId;
import org.ristourne.ledger.money.Money;

/** A vendor puts an offer in the catalogue; customers see it only when they choose to look. */
public record PublishOffer(
        @TargetAggregateIdentifier VendorId vendorId,
        OfferId offerId,
        String title,
        String description,
        @Nullable Money price,
        Instant at) {
}
