package org.ristourne.broker.support;

import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PessimisticLockException;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.util.Set;
import org.axonframework.common.lock.DeadlockException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;

/**
 * Tells a lost race between two writers (worth the whole transaction again: the loser will read what the winner
 * wrote) from any other failure, by the causes of a failure. Axon reports a concurrent append to an event stream as
 * a {@link ConcurrencyException}, or an {@link AggregateStreamCreationException} for a stream's first event, when its
 * persistence exception resolver recognises the unique (aggregate id, sequence) key's violation; any other database
 * failure during an append comes wrapped in an {@code EventStoreException}, and a violation raised only when the
 * intake's own transaction commits comes from Hibernate through Spring's translation. So every link of the cause
 * chain is examined, down to the driver's SQL state and error code.
 */
public final class WriteConflicts {

    /** Unique key violations: SQL state 23505 (H2, PostgreSQL), MySQL/MariaDB error 1062, H2 error 23505. */
    private static final String UNIQUE_VIOLATION_STATE = "23505";
    private static final Set<Integer> UNIQUE_VIOLATION_CODES = Set.of(1062, 23505);
    /** Deadlock or lock wait timeout: MySQL/MariaDB 1213 and 1205, H2 40001 and 50200 (lock timeout). */
    private static final Set<Integer> LOCK_CODES = Set.of(1213, 1205, 40001, 50200);

    private WriteConflicts() {
    }

    public static boolean isCause(Throwable failure) {
        return StoreUnavailable.anyCause(failure, cause -> cause instanceof ConcurrencyException
                || cause instanceof AggregateStreamCreationException
                // two writers each holding a sale's lock the other's group needs: one group is rolled back
                || cause instanceof DeadlockException
                || cause instanceof DuplicateKeyException
                || cause instanceof ConcurrencyFailureException
                || cause instanceof PessimisticLockException
                || cause instanceof LockTimeoutException
                || cause instanceof OptimisticLockException
                || cause instanceof SQLTransactionRollbackException
                || cause instanceof SQLException sql && isConflict(sql));
    }

    private static boolean isConflict(SQLException sql) {
        return UNIQUE_VIOLATION_STATE.equals(sql.getSQLState())
                || "23000".equals(sql.getSQLState()) && UNIQUE_VIOLATION_CODES.contains(sql.getErrorCode())
                || "40001".equals(sql.getSQLState())
                || LOCK_CODES.contains(sql.getErrorCode());
    }
}
