package org.ristourne.broker.support;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLNonTransientConnectionException;
import java.util.function.Predicate;
import org.hibernate.TransactionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;

/** Tells a database outage (retry later: 503) from a bug (500) by the causes of a failure. */
public final class StoreUnavailable {

    private StoreUnavailable() {
    }

    public static boolean isCause(Throwable failure) {
        return anyCause(failure, cause -> cause instanceof CannotCreateTransactionException
                || cause instanceof DataAccessResourceFailureException
                // Spring's word for "failed for now, may work if retried": the driver's "statement closed" when the
                // pool closed a connection the database dropped in the middle of a transaction
                || cause instanceof TransientDataAccessResourceException
                || cause instanceof SQLTransientConnectionException
                || cause instanceof SQLNonTransientConnectionException
                || cause instanceof SQLRecoverableException
                || cause instanceof ConnectException
                || cause.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")
                || connectionFailedEndingTransaction(cause)
                || closedByThePool(cause));
    }

    /**
     * Hikari's answer to any use of a connection it has closed, with no SQL state: it closes a connection the moment
     * a statement on it fails with a connection error, so whatever else the transaction then runs on it (db-scheduler
     * scheduling a deadline, say) fails like this rather than with the database's own error.
     */
    private static boolean closedByThePool(Throwable cause) {
        return cause instanceof SQLException sql && sql.getSQLState() == null
                && "Connection is closed".equals(sql.getMessage());
    }

    /**
     * Hibernate's "Unable to rollback (or commit) against JDBC Connection". Hikari closes a connection as soon as it
     * sees it broken (SQLSTATE 08…), so when the database goes away in the middle of a transaction the rollback that
     * follows always fails like this, and Spring's TransactionTemplate throws that failure instead of the original
     * (which it only logs). Nothing was committed then: the store was unavailable.
     */
    private static boolean connectionFailedEndingTransaction(Throwable cause) {
        return cause instanceof TransactionException && cause.getCause() instanceof SQLException;
    }

    /** The failure itself or any of its causes passes the test. */
    static boolean anyCause(Throwable failure, Predicate<Throwable> test) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (test.test(cause)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    public static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
