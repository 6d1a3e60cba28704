package org.ristourne.broker.payback;

import java.sql.SQLException;
import org.ristourne.support.MariaDbOfItsOwn;
import org.ristourne.support.OnMariaDb;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** On a database of its own, for the reason given in {@link MariaDbPaybackIntegrationTest}. */
@OnMariaDb
class MariaDbCreditedOnInvoiceIntegrationTest extends CreditedOnInvoiceIntegrationTest {

    @DynamicPropertySource
    static void databaseOfItsOwn(DynamicPropertyRegistry registry) throws SQLException {
        MariaDbOfItsOwn.register(registry, "credited");
        // The MariaDB server is shared by the suite's cached contexts: this one needs few connections.
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "6");
    }
}
