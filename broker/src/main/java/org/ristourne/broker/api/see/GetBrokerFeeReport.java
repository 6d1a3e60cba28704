package org.ristourne.broker.api.see;

import java.time.Instant;

public record GetBrokerFeeReport(Instant from, Instant to) {
}
