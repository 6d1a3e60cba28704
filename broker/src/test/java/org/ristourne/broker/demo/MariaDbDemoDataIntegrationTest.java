package org.ristourne.broker.demo;

import java.sql.SQLException;
import org.ristourne.support.MariaDbOfItsOwn;
import org.ristourne.support.OnMariaDb;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * On a database of its own: the demo's data would count in the reports other MariaDB tests read over the shared
 * database, and its stand-in for Stripe credits would settle their payouts whenever this node claimed them.
 */
@OnMariaDb
class MariaDbDemoDataIntegrationTest extends DemoDataIntegrationTest {

    @DynamicPropertySource
    static void databaseOfItsOwn(DynamicPropertyRegistry registry) throws SQLException {
        MariaDbOfItsOwn.register(registry, "demo");
    }
}
