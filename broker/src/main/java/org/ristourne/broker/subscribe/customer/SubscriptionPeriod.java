package org.ristourne.broker.subscribe.customer;

import java.time.Instant;
import java.util.List;

/** A paid stretch of subscription, start inclusive, end exclusive. */
public record SubscriptionPeriod(Instant activeFrom, Instant activeUntil) {

    public boolean contains(Instant instant) {
        return !instant.isBefore(activeFrom) && instant.isBefore(activeUntil);
    }

    /** The periods as they stand once the subscription ends at {@code endedAt}: nothing after it counts. */
    static List<SubscriptionPeriod> endAt(List<SubscriptionPeriod> periods, Instant endedAt) {
        return periods.stream()
                .filter(period -> period.activeFrom().isBefore(endedAt))
                .map(period -> period.activeUntil().isAfter(endedAt)
                        ? new SubscriptionPeriod(period.activeFrom(), endedAt) : period)
                .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
    }
}
