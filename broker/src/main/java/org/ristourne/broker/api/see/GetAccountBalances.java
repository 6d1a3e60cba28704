package org.ristourne.broker.api.see;

/** Every account of one owner (a vendor id, a customer id, "broker" or "stripe") with its balance. */
public record GetAccountBalances(String owner) {
}
