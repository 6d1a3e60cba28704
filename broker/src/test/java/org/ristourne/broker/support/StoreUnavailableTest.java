package org.ristourne.broker.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.stream.Stream;
import org.hibernate.TransactionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.orm.jpa.JpaSystemException;

class StoreUnavailableTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                // What the webhook threw when MariaDB was restarted under load
                // (MariaDbRestartedUnderLoadIntegrationTest): the connection broke mid-transaction, Hikari closed it,
                // and the rollback's failure replaced the original one.
                Arguments.of("a rollback on a connection the pool closed", new JpaSystemException(
                        new TransactionException("Unable to rollback against JDBC Connection",
                                new SQLException("Connection is closed"))), true),
                // The same test with group commit: the pool had closed the writer's connection, and the next insert of
                // its group found its prepared statement closed.
                Arguments.of("an insert on a statement the pool closed", new TransientDataAccessResourceException(
                        "PreparedStatementCallback; SQL [insert into webhook_delivery ...]",
                        new SQLException("No operations allowed after statement closed.", "S1009")), true),
                Arguments.of("db-scheduler's statement on a connection the pool closed", new RuntimeException(
                        "Failed to rollback.", new SQLException("Connection is closed")), true),
                Arguments.of("another closed resource", new SQLException("ResultSet is closed"), false),
                Arguments.of("a transaction misused, no database involved", new JpaSystemException(
                        new TransactionException("Transaction already active")), false),
                Arguments.of("a bug", new IllegalStateException("no such state"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void tellsAnOutageFromABug(String what, Throwable failure, boolean unavailable) {
        assertThat(StoreUnavailable.isCause(failure)).isEqualTo(unavailable);
    }
}
