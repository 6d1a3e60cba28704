package org.ristourne.broker.operator.accounts;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One operator (operator_account). The name is what every log line of their actions carries. */
public record OperatorAccount(String name, String passwordHash, Instant createdAt, @Nullable String createdBy,
                              boolean disabled, int failedSignIns, @Nullable Instant lockedUntil) {

    public boolean isLockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }
}
