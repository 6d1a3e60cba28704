package org.ristourne.support;

import java.sql.SQLException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A database of a test's own, {@code <database>_<suffix>} on the server named by {@code RISTOURNE_TEST_MYSQL_URL},
 * recreated empty and dropped on close: for broker processes, which must be the only nodes on their database.
 */
public final class OwnTestDatabase implements AutoCloseable {

    private static final Pattern JDBC_URL = Pattern.compile("^(jdbc:mysql://[^/]+)/([^?]+)(\\?.*)?$");

    private final ScratchDatabases server;
    private final String name;
    private final SingleConnectionDataSource connection;
    private final JdbcTemplate jdbc;

    private OwnTestDatabase(ScratchDatabases server, String name) {
        this.server = server;
        this.name = name;
        this.connection = new SingleConnectionDataSource(server.urlOf(name), server.user(), server.password(), true);
        this.jdbc = new JdbcTemplate(connection);
    }

    public static OwnTestDatabase recreate(String suffix) throws SQLException {
        Matcher url = JDBC_URL.matcher(Objects.requireNonNull(System.getenv("RISTOURNE_TEST_MYSQL_URL"),
                "RISTOURNE_TEST_MYSQL_URL"));
        if (!url.matches()) {
            throw new IllegalStateException("RISTOURNE_TEST_MYSQL_URL must be jdbc:mysql://host:port/database");
        }
        ScratchDatabases server = new ScratchDatabases(url.group(1),
                Objects.requireNonNullElse(System.getenv("RISTOURNE_TEST_MYSQL_USER"), "root"),
                Objects.requireNonNullElse(System.getenv("RISTOURNE_TEST_MYSQL_PASSWORD"), ""));
        String name = url.group(2) + "_" + suffix;
        server.recreate(name);
        return new OwnTestDatabase(server, name);
    }

    public String url() {
        return server.urlOf(name);
    }

    public String user() {
        return server.user();
    }

    public String password() {
        return server.password();
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    /** The number a {@code select count(...)} answers. */
    public long count(String sql, Object... arguments) {
        Long count = jdbc.queryForObject(sql, Long.class, arguments);
        return count == null ? 0 : count;
    }

    @Override
    public void close() throws SQLException {
        connection.destroy();
        server.drop(name);
    }
}
