package org.ristourne.broker.api.relationship;

import java.time.Instant;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.CustomerRef;
import org.ristourne.broker.api.RelationshipId;
import org.ristourne.broker.api.VendorId;

public record RelationshipEnded(
        RelationshipId relationshipId,
        CustomerId customerId,
        VendorId vendorId,
        CustomerRef customerRef,
        Instant endedAt) {
}
