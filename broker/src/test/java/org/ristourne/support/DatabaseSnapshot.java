package org.ristourne.support;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Every row of every table of the application's schema, so that a test can assert that a refused request left the
 * database exactly as it was. Binary columns (event payloads) are compared by their SHA-256. Event processors'
 * tracking tokens are left out: they record how far a processor has read, and renew their claims on their own.
 */
public final class DatabaseSnapshot {

    private DatabaseSnapshot() {
    }

    public static Map<String, List<String>> of(DataSource dataSource) {
        Map<String, List<String>> tables = new TreeMap<>();
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData metaData = connection.getMetaData();
            List<String> names = new ArrayList<>();
            try (ResultSet rs = metaData.getTables(connection.getCatalog(), connection.getSchema(), "%",
                    new String[] {"TABLE"})) {
                while (rs.next()) {
                    names.add(rs.getString("TABLE_NAME"));
                }
            }
            if (names.isEmpty()) {
                throw new IllegalStateException("no tables found: the snapshot would prove nothing");
            }
            // Processors' progress and nodes' heartbeats move on their own; neither is data a request stores.
            names.removeIf(name -> name.equalsIgnoreCase("token_entry") || name.equalsIgnoreCase("broker_node"));
            for (String table : names) {
                tables.put(table.toLowerCase(), rows(connection, table));
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot snapshot the database", e);
        }
        return tables;
    }

    private static List<String> rows(Connection connection, String table) throws Exception {
        String quote = connection.getMetaData().getIdentifierQuoteString().strip();
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select * from " + quote + table + quote)) {
            ResultSetMetaData columns = rs.getMetaData();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    if (value instanceof byte[] bytes) {
                        value = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
                    } else if (value instanceof java.sql.Blob blob) {
                        value = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                                .digest(blob.getBytes(1, (int) blob.length())));
                    }
                    row.append(columns.getColumnName(i)).append('=').append(value).append('|');
                }
                rows.add(row.toString());
            }
        }
        rows.sort(null);
        return rows;
    }
}
