package org.ristourne.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Databases of their own on a MySQL or MariaDB server, for what must not share one with other tests: broker
 * processes, the benchmark. Created with the collation the migrations expect, as {@code .ci/run} creates its own.
 */
public record ScratchDatabases(String serverUrl, String user, String password) {

    /** Drops the database if it is there and creates it empty. */
    public void recreate(String database) throws SQLException {
        execute("drop database if exists `" + database + "`",
                "create database `" + database + "` character set utf8mb4 collate utf8mb4_bin");
    }

    /** Creates the database empty unless it is there already, which it then leaves as it is. */
    public void createIfAbsent(String database) throws SQLException {
        execute("create database if not exists `" + database + "` character set utf8mb4 collate utf8mb4_bin");
    }

    public void drop(String database) throws SQLException {
        execute("drop database if exists `" + database + "`");
    }

    public String urlOf(String database) {
        return serverUrl + "/" + database;
    }

    private void execute(String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(serverUrl + "/", user, password);
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
