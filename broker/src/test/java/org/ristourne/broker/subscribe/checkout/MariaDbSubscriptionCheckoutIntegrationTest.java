package org.ristourne.broker.subscribe.checkout;

import java.sql.SQLException;
import org.ristourne.support.MariaDbOfItsOwn;
import org.ristourne.support.OnMariaDb;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * On a database of its own: this context has Stripe configured, and on the shared database it would be a node with
 * Stripe among nodes without it (see MariaDbPaybackIntegrationTest).
 */
@OnMariaDb
class MariaDbSubscriptionCheckoutIntegrationTest extends SubscriptionCheckoutIntegrationTest {

    @DynamicPropertySource
    static void databaseOfItsOwn(DynamicPropertyRegistry registry) throws SQLException {
        MariaDbOfItsOwn.register(registry, "checkout");
        // The MariaDB server is shared by the suite's cached contexts: this one needs few connections.
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "6");
    }
}
