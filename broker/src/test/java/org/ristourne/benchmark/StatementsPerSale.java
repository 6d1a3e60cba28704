package org.ristourne.benchmark;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ristourne.ledger.posting.PostingId;
import org.ristourne.support.BrokerProcess;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.ScratchDatabases;
import org.ristourne.support.SigningVendor;

/**
 * Counts the statements the broker sends to MariaDB per sale, at C = 1, with MariaDB's general log: a broker process
 * on a fresh database, a vendor and a few subscribed customers, warm-up sales, then an idle window (what the
 * processors' polling costs with nothing to do) and a window of N sales one after the other, each waited for until
 * its posting is in the ledger and every processor has caught up. Statements are counted by kind (verb and table)
 * for the broker's own connections only, and printed per sale net of the idle window's rate.
 * <p>
 * The general log is switched on only for the two windows, into the {@code mysql.general_log} table, and switched
 * off again (and the previous {@code log_output} restored) whatever happens. Run it with
 * {@code ./mvnw -B -Pbenchmark -pl broker -am verify -Dbenchmark.main=org.ristourne.benchmark.StatementsPerSale}
 * ({@code RISTOURNE_BENCH_DATABASE}, {@code RISTOURNE_BENCH_SALES} as for the benchmark; docs/performance.md).
 */
public final class StatementsPerSale {

    private static final Pattern TABLE = Pattern.compile(
            "\\b(?:from|into|update|join)\\s+`?([a-z_][a-z0-9_]*)`?", Pattern.CASE_INSENSITIVE);

    private final String server = setting("RISTOURNE_BENCH_MYSQL_SERVER", "jdbc:mysql://127.0.0.1:3306");
    private final String user = setting("RISTOURNE_BENCH_MYSQL_USER", "root");
    private final String password = setting("RISTOURNE_BENCH_MYSQL_PASSWORD", "");
    private final String database = setting("RISTOURNE_BENCH_DATABASE", "ristourne_bench_statements");
    private final int sales = Integer.parseInt(setting("RISTOURNE_BENCH_SALES", "50"));

    public static void main(String[] args) throws Exception {
        new StatementsPerSale().run();
        System.exit(0);
    }

    private void run() throws Exception {
        new ScratchDatabases(server, user, password).recreate(database);
        Map<String, String> properties = Map.of("ristourne.intake.rate-per-second", "1000000",
                "ristourne.intake.burst", "1000000");
        try (BrokerProcess broker = BrokerProcess.start("statements-broker", server + "/" + database, user, password,
                List.of("-XX:TieredStopAtLevel=1", "-Xms128m", "-Xmx192m", "-XX:MaxMetaspaceSize=160m", "-Xss512k",
                        "-XX:+UseSerialGC"),
                properties)) {
            broker.awaitHealthy(Duration.ofSeconds(180));
            OperatorClient operator = new OperatorClient(broker.baseUrl());
            String secret = operator.onboardVendor("stmt-shop", 2000, 2500, 14);
            List<String> refs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                refs.add(operator.subscribedCustomerOf("stmt-shop").customerRef());
            }
            SigningVendor vendor = new SigningVendor(broker.baseUrl(), "stmt-shop", secret);
            sendAndSettle(vendor, refs, "warmup", 100);

            Duration idle = Duration.ofSeconds(3);
            Map<String, Long> idleCounts;
            Map<String, Long> saleCounts;
            long saleNanos;
            try (Connection admin = connect(""); Statement sql = admin.createStatement()) {
                String previousOutput = single(sql, "select @@global.log_output");
                try {
                    sql.execute("set global log_output = 'TABLE'");
                    sql.execute("truncate table mysql.general_log");
                    Set<Long> threads = brokerThreads(sql);
                    String idleFrom = now(sql);
                    sql.execute("set global general_log = 1");
                    Thread.sleep(idle.toMillis());
                    String salesFrom = now(sql);
                    long started = System.nanoTime();
                    sendAndSettle(vendor, refs, "measured", sales);
                    saleNanos = System.nanoTime() - started;
                    String salesUntil = now(sql);
                    sql.execute("set global general_log = 0");
                    threads.addAll(brokerThreads(sql));
                    idleCounts = count(sql, threads, idleFrom, salesFrom);
                    saleCounts = count(sql, threads, salesFrom, salesUntil);
                } finally {
                    sql.execute("set global general_log = 0");
                    sql.execute("set global log_output = '" + previousOutput + "'");
                    sql.execute("truncate table mysql.general_log");
                }
            }
            print(idleCounts, idle.toNanos(), saleCounts, saleNanos);
        }
    }

    /** Sends sales one at a time, each answered 202, then waits until each is in the ledger and all is quiet. */
    private void sendAndSettle(SigningVendor vendor, List<String> refs, String phase, int count) throws Exception {
        List<String> postings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String saleId = phase + "_" + i;
            long amount = 1_000 + 37L * i;
            HttpResponse<String> response = vendor.send("msg_" + saleId, SigningVendor.saleCompleted(saleId,
                    refs.get(i % refs.size()), "EUR", amount, amount / 3, Instant.now()));
            if (response.statusCode() != 202) {
                throw new IllegalStateException(saleId + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            postings.add(PostingId.of("sale", vendor.vendorId() + "/" + saleId, "reported").value());
        }
        try (Connection connection = connect(database);
             PreparedStatement query = connection.prepareStatement(
                     "select count(*) from customer_statement_line where sale_key like ?")) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            query.setString(1, vendor.vendorId() + "/" + phase + "\\_%");
            while (true) {
                try (ResultSet rs = query.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == count) {
                        break;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(phase + ": not every sale reached the statements: " + postings);
                }
                Thread.sleep(50);
            }
        }
        // The payout and vendor-invoicing policies follow the postings; give them time to finish.
        Thread.sleep(1_500);
    }

    private Set<Long> brokerThreads(Statement sql) throws SQLException {
        Set<Long> threads = new HashSet<>();
        try (ResultSet rs = sql.executeQuery("select id from information_schema.processlist where db = '"
                + database + "'")) {
            while (rs.next()) {
                threads.add(rs.getLong(1));
            }
        }
        // Connections opened while logging (the pool grows on demand) name the database when they connect.
        try (ResultSet rs = sql.executeQuery("select distinct thread_id from mysql.general_log where command_type"
                + " in ('Connect', 'Init DB') and convert(argument using utf8mb4) like '%" + database + "%'")) {
            while (rs.next()) {
                threads.add(rs.getLong(1));
            }
        }
        return threads;
    }

    private static Map<String, Long> count(Statement sql, Set<Long> threads, String from, String until)
            throws SQLException {
        Map<String, Long> kinds = new TreeMap<>();
        try (ResultSet rs = sql.executeQuery("select thread_id, command_type, convert(argument using utf8mb4)"
                + " from mysql.general_log where event_time >= '" + from + "' and event_time < '" + until + "'")) {
            while (rs.next()) {
                if (threads.contains(rs.getLong(1))) {
                    String kind = kindOf(rs.getString(2), rs.getString(3));
                    if (kind != null) {
                        kinds.merge(kind, 1L, Long::sum);
                    }
                }
            }
        }
        return kinds;
    }

    /** The verb and first table of a statement; null for protocol commands that are not statements (Prepare etc.). */
    static String kindOf(String command, String argument) {
        if (!command.equals("Query") && !command.equals("Execute")) {
            return command.equals("Prepare") || command.equals("Close stmt") || command.equals("Reset stmt")
                    ? null : command.toLowerCase(Locale.ROOT);
        }
        String text = argument.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        if (text.startsWith("/*")) {
            text = text.substring(text.indexOf("*/") + 2).strip();
        }
        if (text.startsWith("set ")) {
            return text.startsWith("set autocommit") ? "set autocommit" : "set (other)";
        }
        String verb = text.split("[ (]", 2)[0];
        if (verb.equals("commit") || verb.equals("rollback") || verb.equals("select") && !text.contains(" from ")) {
            return text.length() > 40 ? text.substring(0, 40) : text;
        }
        Matcher table = TABLE.matcher(text);
        String kind = verb + " " + (table.find() ? table.group(1) : "?");
        return text.contains(" for update") ? kind + " for update" : kind;
    }

    private void print(Map<String, Long> idle, long idleNanos, Map<String, Long> measured, long measuredNanos) {
        System.out.printf(Locale.ROOT, "statements: %d sales at C = 1 in %.1f s (incl. settling), idle window %.1f s%n",
                sales, measuredNanos / 1e9, idleNanos / 1e9);
        System.out.printf(Locale.ROOT, "%-55s %10s %10s %10s%n", "kind", "per sale", "idle/s", "net/sale");
        Set<String> kinds = new TreeSet<>(measured.keySet());
        kinds.addAll(idle.keySet());
        double totalRaw = 0;
        double totalNet = 0;
        double idleSeconds = idleNanos / 1e9;
        double measuredSeconds = measuredNanos / 1e9;
        for (String kind : kinds) {
            double raw = measured.getOrDefault(kind, 0L) / (double) sales;
            double idlePerSecond = idle.getOrDefault(kind, 0L) / idleSeconds;
            double net = Math.max(0, raw - idlePerSecond * measuredSeconds / sales);
            totalRaw += raw;
            totalNet += net;
            System.out.printf(Locale.ROOT, "%-55s %10.2f %10.1f %10.2f%n", kind, raw, idlePerSecond, net);
        }
        System.out.printf(Locale.ROOT, "statements_per_sale=%.1f (net of idle polling: %.1f)%n", totalRaw, totalNet);
    }

    /** The server's clock, as the general log's event_time compares with it. */
    private static String now(Statement sql) throws SQLException {
        return single(sql, "select cast(now(6) as char)");
    }

    private static String single(Statement sql, String query) throws SQLException {
        try (ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private Connection connect(String name) throws SQLException {
        return DriverManager.getConnection(server + "/" + name, user, password);
    }

    private static String setting(String variable, String fallback) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : value;
    }
}
