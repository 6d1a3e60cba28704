package org.ristourne.broker.api.vendor;

import java.time.Instant;
import org.ristourne.broker.api.VendorId;

public record VendorSuspended(VendorId vendorId, String reason, Instant suspendedAt) {
}
