package org.ristourne.broker.api.vendor;

import java.time.Instant;
import org.ristourne.broker.api.OfferId;
import org.ristourne.broker.api.VendorId;

public record OfferWithdrawn(VendorId vendorId, OfferId offerId, Instant withdrawnAt) {
}
