package org.ristourne.broker.api.vendor;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.OfferId;
import org.ristourne.broker.api.VendorId;
import org.ristourne.ledger.money.Money;

public record OfferPublished(
        VendorId vendorId,
        OfferId offerId,
        String title,
        String description,
        @Nullable Money price,
        Instant publishedAt) {
}
