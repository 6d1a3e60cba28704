package org.ristourne.support;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Creates the database named by {@code RISTOURNE_TEST_MYSQL_URL} when it is not there yet, with the collation the
 * migrations expect. The build gives each test JVM its own database ({@code <database>_f1}, and {@code _f2} with
 * {@code -Dristourne.test.forks=2}): tests in one JVM act as other nodes of the same database, which several of them
 * allow for, but two tests asserting at once on one database would see each other's rows.
 */
public final class ForkDatabase implements LauncherSessionListener {

    private static final Pattern JDBC_URL = Pattern.compile("^(jdbc:mysql://[^/]+)/([^?]+)(\\?.*)?$");

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String url = System.getenv("RISTOURNE_TEST_MYSQL_URL");
        if (url == null || url.isBlank()) {
            return;
        }
        Matcher parts = JDBC_URL.matcher(url);
        if (!parts.matches()) {
            throw new IllegalStateException("RISTOURNE_TEST_MYSQL_URL must be jdbc:mysql://host:port/database, not "
                    + url);
        }
        String user = System.getenv().getOrDefault("RISTOURNE_TEST_MYSQL_USER", "root");
        String password = System.getenv().getOrDefault("RISTOURNE_TEST_MYSQL_PASSWORD", "");
        try {
            new ScratchDatabases(parts.group(1), user, password).createIfAbsent(parts.group(2));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the test database of " + url, e);
        }
    }
}
