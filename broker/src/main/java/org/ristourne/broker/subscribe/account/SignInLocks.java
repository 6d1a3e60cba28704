package org.ristourne.broker.subscribe.account;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How long an account stays locked after failed sign-ins in a row, for customers and vendor users alike: nothing for
 * the first few, then 30 seconds, doubling at each further failure up to 15 minutes.
 */
public final class SignInLocks {

    public static final int FAILURES_BEFORE_LOCK = 5;
    static final Duration FIRST_LOCK = Duration.ofSeconds(30);
    static final Duration LONGEST_LOCK = Duration.ofMinutes(15);

    private SignInLocks() {
    }

    public static @Nullable Instant lockedUntil(int failuresInARow, Instant at) {
        if (failuresInARow < FAILURES_BEFORE_LOCK) {
            return null;
        }
        Duration lock = FIRST_LOCK.multipliedBy(1L << Math.min(20, failuresInARow - FAILURES_BEFORE_LOCK));
        return at.plus(lock.compareTo(LONGEST_LOCK) > 0 ? LONGEST_LOCK : lock);
    }
}
