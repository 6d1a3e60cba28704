package org.ristourne.broker.api.relationship;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.ristourne.broker.api.RelationshipId;

/** The customer ends the relationship; its customerRef is closed and the vendor can report nothing more against it. */
public record EndRelationship(@TargetAggregateIdentifier RelationshipId relationshipId, Instant at) {
}
