package org.ristourne.broker.api;

import java.util.UUID;

/** One customer's relationship with one vendor. */
public record RelationshipId(String value) {

    public RelationshipId {
        Ids.require("relationship id", value, Ids.TOKEN);
    }

    public static RelationshipId random() {
        return new RelationshipId("rel-" + UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value;
    }
}
