package org.ristourne.broker.config;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;

/**
 * Hikari evicts a pooled connection only on SQL states it knows as "connection lost" (08xxx). Some drivers report a
 * broken connection otherwise (H2 over TCP: 90067 "connection is broken"); such a connection would then be handed out
 * again and again after the database came back. Evict on every connection-class failure, whatever the driver.
 */
public class EvictBrokenConnections implements SQLExceptionOverride {

    @java.lang.Override
    public Override adjudicate(SQLException exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLNonTransientConnectionException || cause instanceof SQLRecoverableException) {
                return Override.MUST_EVICT;
            }
        }
        return Override.CONTINUE_EVICT;
    }
}
