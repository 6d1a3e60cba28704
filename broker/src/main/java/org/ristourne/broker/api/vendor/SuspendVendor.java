package org.ristourne.broker.api.vendor;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.ristourne.broker.api.VendorId;

public record SuspendVendor(@TargetAggregateIdentifier VendorId vendorId, String reason, Instant at) {
}
