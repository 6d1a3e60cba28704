package org.ristourne.broker.see.account;

import java.sql.SQLException;
import org.ristourne.support.MariaDbOfItsOwn;
import org.ristourne.support.OnMariaDb;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * On a database of its own: a context of the suite with Stripe configured, on the same database, would act as another
 * node and could start what this one must show as not configured.
 */
@OnMariaDb
class MariaDbAccountPageIntegrationTest extends AccountPageIntegrationTest {

    @DynamicPropertySource
    static void databaseOfItsOwn(DynamicPropertyRegistry registry) throws SQLException {
        MariaDbOfItsOwn.register(registry, "account_page");
    }
}
