package org.ristourne.broker.api.relationship;

import java.time.Instant;
import org.ristourne.broker.api.RelationshipId;
import org.ristourne.broker.api.VendorId;

public record OffersConsulted(RelationshipId relationshipId, VendorId vendorId, Instant consultedAt) {
}
