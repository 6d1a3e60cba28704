package org.ristourne.broker.api.vendor;

import java.time.Instant;
import org.ristourne.broker.api.VendorId;

public record VendorOnboarded(VendorId vendorId, String displayName, String webhookSecretId, Instant onboardedAt) {
}
