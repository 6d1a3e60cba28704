package org.ristourne.broker.see.operations.attention;

import java.sql.SQLException;
import org.ristourne.support.MariaDbOfItsOwn;
import org.ristourne.support.OnMariaDb;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * On a database of its own: the suite's other contexts on the shared database would act as other nodes, holding
 * segments and parking bookings of their own, where this one must see that nothing needs a human.
 */
@OnMariaDb
class MariaDbOperationsPagesIntegrationTest extends OperationsPagesIntegrationTest {

    @DynamicPropertySource
    static void databaseOfItsOwn(DynamicPropertyRegistry registry) throws SQLException {
        MariaDbOfItsOwn.register(registry, "operations_pages");
    }
}
