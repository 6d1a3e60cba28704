package org.ristourne.broker.payback;

import java.sql.SQLException;
import org.ristourne.support.MariaDbOfItsOwn;
import org.ristourne.support.OnMariaDb;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * On a database of its own: the suite's other MariaDB contexts are nodes without this Stripe stand-in, and on a shared
 * database their payout saga processors and deadline pollers would take this context's payouts.
 */
@OnMariaDb
class MariaDbStripePaybackIntegrationTest extends StripePaybackIntegrationTest {

    @DynamicPropertySource
    static void databaseOfItsOwn(DynamicPropertyRegistry registry) throws SQLException {
        MariaDbOfItsOwn.register(registry, "stripe_payback");
    }
}
