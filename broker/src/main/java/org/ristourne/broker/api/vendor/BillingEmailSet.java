package org.ristourne.broker.api.vendor;

import java.time.Instant;
import org.ristourne.broker.api.VendorId;

public record BillingEmailSet(VendorId vendorId, String email, Instant setAt) {
}
