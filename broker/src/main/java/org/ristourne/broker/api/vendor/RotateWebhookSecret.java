package org.ristourne.broker.api.vendor;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.ristourne.broker.api.VendorId;

/**
 * A new signing secret replaces the current one; the current one keeps verifying until {@code previousValidUntil}, so
 * the vendor can switch without losing a delivery. The secret itself never enters an event: only its id does.
 */
public record RotateWebhookSecret(
        @TargetAggregateIdentifier VendorId vendorId,
        String newSecretId,
        Instant previousValidUntil,
        Instant at) {
}
