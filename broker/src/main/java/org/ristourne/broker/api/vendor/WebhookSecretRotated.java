package org.ristourne.broker.api.vendor;

import java.time.Instant;
import org.ristourne.broker.api.VendorId;

public record WebhookSecretRotated(
        VendorId vendorId,
        String newSecretId,
        String previousSecretId,
        Instant previousValidUntil,
        Instant rotatedAt) {
}
