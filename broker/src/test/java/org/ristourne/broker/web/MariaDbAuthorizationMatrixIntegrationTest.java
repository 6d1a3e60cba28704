package org.ristourne.broker.web;

import java.sql.SQLException;
import org.ristourne.support.MariaDbOfItsOwn;
import org.ristourne.support.OnMariaDb;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * On a database of its own: the suite's other contexts on the shared database keep working in the background, and
 * this test compares the database before and after requests that must change nothing.
 */
@OnMariaDb
class MariaDbAuthorizationMatrixIntegrationTest extends AuthorizationMatrixIntegrationTest {

    @DynamicPropertySource
    static void databaseOfItsOwn(DynamicPropertyRegistry registry) throws SQLException {
        MariaDbOfItsOwn.register(registry, "page_authorization");
    }
}
