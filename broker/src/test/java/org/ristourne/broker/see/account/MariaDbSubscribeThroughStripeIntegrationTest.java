package org.ristourne.broker.see.account;

import java.sql.SQLException;
import org.ristourne.support.MariaDbOfItsOwn;
import org.ristourne.support.OnMariaDb;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** On a database of its own, so that no other context of the suite, without this stand-in, acts on its customers. */
@OnMariaDb
class MariaDbSubscribeThroughStripeIntegrationTest extends SubscribeThroughStripeIntegrationTest {

    @DynamicPropertySource
    static void databaseOfItsOwn(DynamicPropertyRegistry registry) throws SQLException {
        MariaDbOfItsOwn.register(registry, "account_stripe");
    }
}
