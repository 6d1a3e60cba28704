package org.ristourne.broker.api.see;

import java.time.Instant;

/** Rebates paid or credited to the customer in [from, to), against what the customer paid for periods starting then. */
public record GetInvestmentRecovered(String customerId, Instant from, Instant to) {
}
