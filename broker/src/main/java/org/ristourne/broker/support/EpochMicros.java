package org.ristourne.broker.support;

import java.time.Instant;

/**
 * Instants in the broker's own tables are epoch microseconds: UTC by definition, the same on H2, MySQL and MariaDB
 * whatever the server's or the JVM's time zone, and as precise as the event timestamps.
 */
public final class EpochMicros {

    private EpochMicros() {
    }

    public static long of(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    public static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
