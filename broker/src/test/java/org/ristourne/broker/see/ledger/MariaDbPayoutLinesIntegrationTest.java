package org.ristourne.broker.see.ledger;

import java.sql.SQLException;
import org.ristourne.support.MariaDbOfItsOwn;
import org.ristourne.support.OnMariaDb;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * On a database of its own: the test parks a payout and drops it through this node's dead-letter processor, which
 * the suite's other open MariaDB contexts, other nodes on a shared database, would race it for.
 */
@OnMariaDb
class MariaDbPayoutLinesIntegrationTest extends PayoutLinesIntegrationTest {

    @DynamicPropertySource
    static void databaseOfItsOwn(DynamicPropertyRegistry registry) throws SQLException {
        MariaDbOfItsOwn.register(registry, "payout_lines");
    }
}
