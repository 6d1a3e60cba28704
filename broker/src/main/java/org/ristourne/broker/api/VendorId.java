package org.ristourne.broker.api;

/** A vendor's id as it appears in its webhook URL: lowercase letters, digits and dashes, 2 to 63 characters. */
public record VendorId(String value) {

    public VendorId {
        Ids.require("vendor id", value, Ids.SLUG);
    }

    @Override
    public String toString() {
        return value;
    }
}
