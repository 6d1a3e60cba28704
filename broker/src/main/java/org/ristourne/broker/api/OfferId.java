package org.ristourne.broker.api;

/** A vendor's id of one offer in the catalogue, unique per vendor. */
public record OfferId(String value) {

    public OfferId {
        Ids.require("offer id", value, Ids.TOKEN);
    }

    @Override
    public String toString() {
        return value;
    }
}
