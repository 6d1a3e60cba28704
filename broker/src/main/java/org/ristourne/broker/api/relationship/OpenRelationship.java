package org.ristourne.broker.api.relationship;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.RelationshipId;
import org.ristourne.broker.api.VendorId;

/** A subscribed customer opens a relationship with a vendor under the vendor's no-push terms. */
public record OpenRelationship(
        @TargetAggregateIdentifier RelationshipId relationshipId,
        CustomerId customerId,
        VendorId vendorId,
        Instant at) {
}
