package org.ristourne.broker.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.customer.RegisterCustomer;
import org.ristourne.support.OnH2;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The directory changes in the command's own transaction: when it cannot record an event, the command fails and
 * its event is not stored, rather than leaving the directory silently short of a row that rules and a rebuild rely on.
 */
@OnH2
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class DirectoryFailureIntegrationTest {

    @Autowired CommandGateway commands;
    @Autowired JdbcTemplate jdbc;
    @Autowired Clock clock;

    @Test
    void aDirectoryUpdateThatFailsFailsItsCommand() {
        String customer = "cus-directory-clash";
        jdbc.update("insert into directory_customer (customer_id, registered_at_us) values (?, ?)", customer, 0L);

        assertThatThrownBy(() -> commands.sendAndWait(new RegisterCustomer(new CustomerId(customer), clock.instant())))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(jdbc.queryForObject(
                "select count(*) from domain_event_entry where aggregate_identifier = ?", Long.class, customer))
                .as("events stored for the failed command").isZero();
    }
}
