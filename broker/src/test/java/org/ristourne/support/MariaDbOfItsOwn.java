package org.ristourne.support;

import java.sql.SQLException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points a {@code MariaDb…} test's context at a database of its own ({@code <database>_<suffix>}, recreated empty),
 * not the one the suite's other MariaDB contexts share. Those contexts stay open in the same JVM and act as other
 * nodes on the shared database: fine for most tests, wrong for one that needs its own saga, dead-letter queue or
 * deadlines to be the only ones at work.
 */
public final class MariaDbOfItsOwn {

    private static final Pattern JDBC_URL = Pattern.compile("^(jdbc:mysql://[^/]+)/([^?]+)(\\?.*)?$");

    private MariaDbOfItsOwn() {
    }

    public static void register(DynamicPropertyRegistry registry, String suffix) throws SQLException {
        Matcher url = JDBC_URL.matcher(Objects.requireNonNull(System.getenv("RISTOURNE_TEST_MYSQL_URL")));
        if (!url.matches()) {
            throw new IllegalStateException("RISTOURNE_TEST_MYSQL_URL must be jdbc:mysql://host:port/database");
        }
        String user = Objects.requireNonNullElse(System.getenv("RISTOURNE_TEST_MYSQL_USER"), "root");
        String password = Objects.requireNonNullElse(System.getenv("RISTOURNE_TEST_MYSQL_PASSWORD"), "");
        ScratchDatabases databases = new ScratchDatabases(url.group(1), user, password);
        String database = url.group(2) + "_" + suffix;
        databases.recreate(database);
        String parameters = url.group(3) == null ? "" : url.group(3);
        registry.add("spring.datasource.url", () -> databases.urlOf(database) + parameters);
    }
}
