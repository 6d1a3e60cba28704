package org.ristourne.broker.subscribe.account;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.CustomerId;

/** A customer's sign-in and personal data, kept out of the events (customer_account). */
public record CustomerAccount(CustomerId customerId, String email, String displayName, String passwordHash,
                              int failedSignIns, @Nullable Instant lockedUntil) {

    public boolean isLockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }
}
