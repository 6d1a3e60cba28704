package org.ristourne.foundation;

import java.time.Instant;

/** A test-only event: a record with a timestamp and an amount, the shapes every real event has. */
public record ProbeRecorded(String probeId, long amountMinor, Instant recordedAt) {
}
