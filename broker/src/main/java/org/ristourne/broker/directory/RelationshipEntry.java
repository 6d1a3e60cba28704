package org.ristourne.broker.directory;

import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.CustomerRef;
import org.ristourne.broker.api.RelationshipId;
import org.ristourne.broker.api.VendorId;

public record RelationshipEntry(
        RelationshipId relationshipId,
        CustomerId customerId,
        VendorId vendorId,
        CustomerRef customerRef,
        boolean open) {
}
