package org.ristourne.broker.api.relationship;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.ristourne.broker.api.RelationshipId;

/** The customer chose to look at the vendor's offers: the only way offers ever reach a customer. */
public record ConsultOffers(@TargetAggregateIdentifier RelationshipId relationshipId, Instant at) {
}
