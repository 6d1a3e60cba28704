package org.ristourne.broker.api.see;

import java.time.Instant;

public record GetVendorStatement(String vendorId, Instant from, Instant to) {
}
