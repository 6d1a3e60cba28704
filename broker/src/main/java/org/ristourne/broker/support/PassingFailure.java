package org.ristourne.broker.support;

import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import org.axonframework.common.AxonTransientException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;

/**
 * Tells a failure that passes on its own (the database unavailable for a moment, a lock timeout, a deadlock, a
 * concurrent append to the same aggregate) from one that will fail again however often it is retried (a broken rule,
 * an id clash, a bug), by the causes of the failure. A lost race between writers ({@link WriteConflicts}) is one of
 * them: the next attempt reads what the winner wrote.
 */
public final class PassingFailure {

    private PassingFailure() {
    }

    public static boolean isCause(Throwable failure) {
        return StoreUnavailable.isCause(failure) || WriteConflicts.isCause(failure) || StoreUnavailable.anyCause(failure,
                cause -> cause instanceof TransientDataAccessException
                        || cause instanceof RecoverableDataAccessException
                        || cause instanceof SQLTransientException
                        || cause instanceof SQLRecoverableException
                        || cause instanceof AxonTransientException
                        || cause instanceof jakarta.persistence.QueryTimeoutException
                        || cause instanceof org.hibernate.PessimisticLockException
                        || cause instanceof org.hibernate.QueryTimeoutException);
    }
}
