package org.ristourne.broker.api;

/** A vendor's id of one refund, unique per vendor. */
public record RefundId(String value) {

    public RefundId {
        Ids.require("refundId", value, Ids.TOKEN);
    }

    @Override
    public String toString() {
        return value;
    }
}
