package org.ristourne.broker.api;

import java.util.UUID;

/** Ristourne's own id of a customer. Vendors never see it: they know a customer only by a {@link CustomerRef}. */
public record CustomerId(String value) {

    public CustomerId {
        Ids.require("customer id", value, Ids.TOKEN);
    }

    public static CustomerId random() {
        return new CustomerId("cus-" + UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value;
    }
}
