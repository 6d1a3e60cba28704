package org.ristourne.broker.support;

import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import org.axonframework.common.AxonTransientException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;

/**
 * Tells a failure that passes on its own (the database unavailable for a moment, a lock timeout, a deadlock, a
 * concurrent append to the same aggregate) from one that will fail again however often it is retried (a broken rule,
 * an id clash, a bug), by the causes of the failure. Unlike the intake's {@link WriteConflicts}, a duplicate key is not
 * one of them: bookings write only through aggregates, whose concurrent appends Axon reports as a
 * {@code ConcurrencyException}, so a duplicate key there is a clash that would recur.
 */
public final class PassingFailure {

    private PassingFailure() {
    }

    public static boolean isCause(Throwable failure) {
        return StoreUnavailable.isCause(failure) || StoreUnavailable.anyCause(failure,
                cause -> cause instanceof TransientDataAccessException
                        || cause instanceof RecoverableDataAccessException
                        || cause instanceof SQLTransientException
                        || cause instanceof SQLRecoverableException
                        || cause instanceof AxonTransientException
                        || cause instanceof jakarta.persistence.LockTimeoutException
                        || cause instanceof jakarta.persistence.PessimisticLockException
                        || cause instanceof jakarta.persistence.QueryTimeoutException
                        || cause instanceof org.hibernate.PessimisticLockException
                        || cause instanceof org.hibernate.QueryTimeoutException);
    }
}
