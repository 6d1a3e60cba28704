package org.ristourne.broker.payback;

import java.sql.SQLException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ristourne.support.OnMariaDb;
import org.ristourne.support.ScratchDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * On a database of its own ({@code <database>_payback}), not the one the other {@code MariaDb…} contexts share: those
 * contexts stay open in the same JVM and, having no {@code CustomerCredits}, are nodes without Stripe; on a shared
 * database their saga processor and deadline poller would take this context's payouts (as a node without Stripe in
 * a cluster would: every node must have the same Stripe configuration, see docs/payback.md).
 */
@OnMariaDb
class MariaDbPaybackIntegrationTest extends PaybackIntegrationTest {

    private static final Pattern JDBC_URL = Pattern.compile("^(jdbc:mysql://[^/]+)/([^?]+)(\\?.*)?$");

    @DynamicPropertySource
    static void databaseOfItsOwn(DynamicPropertyRegistry registry) throws SQLException {
        Matcher url = JDBC_URL.matcher(Objects.requireNonNull(System.getenv("RISTOURNE_TEST_MYSQL_URL")));
        if (!url.matches()) {
            throw new IllegalStateException("RISTOURNE_TEST_MYSQL_URL must be jdbc:mysql://host:port/database");
        }
        String user = Objects.requireNonNullElse(System.getenv("RISTOURNE_TEST_MYSQL_USER"), "root");
        String password = Objects.requireNonNullElse(System.getenv("RISTOURNE_TEST_MYSQL_PASSWORD"), "");
        ScratchDatabases databases = new ScratchDatabases(url.group(1), user, password);
        String database = url.group(2) + "_payback";
        databases.recreate(database);
        String parameters = url.group(3) == null ? "" : url.group(3);
        registry.add("spring.datasource.url", () -> databases.urlOf(database) + parameters);
    }
}
