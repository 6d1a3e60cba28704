package org.ristourne.broker.config;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.core.InfrastructureProxy;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The pool hands out connections with autocommit off, so that a transaction (Spring's, Hibernate's, Axon's) costs no
 * {@code SET autocommit} before and after it: two round trips of each transaction, about a third of the statements
 * per sale (docs/performance.md). Code that runs JDBC outside any transaction (the {@code JdbcTemplate} outside
 * one, db-scheduler's poller) relies on autocommit; through this data source it gets a connection with autocommit on,
 * as before, and the pool turns it off again when the connection is returned.
 * <p>
 * Inside a transaction it gives the transaction's own connection: as an {@link InfrastructureProxy} it is the pool
 * for Spring's transaction synchronization, so {@code DataSourceUtils} finds the connection the JPA transaction
 * bound to the pool.
 */
public final class AutoCommitOutsideTransactions extends DelegatingDataSource implements InfrastructureProxy {

    public AutoCommitOutsideTransactions(DataSource pool) {
        super(pool);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return autoCommitting(obtainTargetDataSource().getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return autoCommitting(obtainTargetDataSource().getConnection(username, password));
    }

    private static Connection autoCommitting(Connection connection) throws SQLException {
        try {
            connection.setAutoCommit(true);
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public Object getWrappedObject() {
        return obtainTargetDataSource();
    }
}
