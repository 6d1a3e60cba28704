package org.ristourne.broker.api.vendor;

import java.time.Instant;
import org.ristourne.broker.api.VendorId;

public record VendorReinstated(VendorId vendorId, Instant reinstatedAt) {
}
