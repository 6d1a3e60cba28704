package org.ristourne.broker.payback;

import java.sql.SQLException;
import org.ristourne.support.MariaDbOfItsOwn;
import org.ristourne.support.OnMariaDb;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * On a database of its own, not the one the other {@code MariaDb…} contexts share: those contexts stay open in the
 * same JVM and, having no {@code CustomerCredits}, are nodes without Stripe; on a shared database their saga
 * processor and deadline poller would take this context's payouts (as a node without Stripe in a cluster would:
 * every node must have the same Stripe configuration, see docs/payback.md).
 */
@OnMariaDb
class MariaDbPaybackIntegrationTest extends PaybackIntegrationTest {

    @DynamicPropertySource
    static void databaseOfItsOwn(DynamicPropertyRegistry registry) throws SQLException {
        MariaDbOfItsOwn.register(registry, "payback");
    }
}
