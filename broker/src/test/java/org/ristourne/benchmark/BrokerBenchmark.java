package org.ristourne.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.ristourne.ledger.posting.PostingId;
import org.ristourne.support.BrokerProcess;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.ScratchDatabases;
import org.ristourne.support.SigningVendor;

/**
 * Measures the broker against the machine's own limit, in one run against one MariaDB database:
 * <ol type="a">
 *   <li>the limit: plain JDBC single-row INSERT + COMMIT of a sale-sized row at concurrency C;</li>
 *   <li>signed {@code sale.completed} webhooks over loopback HTTP to a broker process at concurrency C;</li>
 *   <li>sales/s, latency percentiles, the ratio b/a, and the lag until the ledger read model shows each sale;</li>
 *   <li>rebuilding the ledger read models by replay, against a plain JDBC scan and JSON parse of the same events;</li>
 *   <li>the broker's resident memory at the end.</li>
 * </ol>
 * Run it with {@code ./mvnw -B -Pbenchmark -pl broker -am verify}; see docs/performance.md.
 */
public final class BrokerBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String server;
    private final String user;
    private final String password;
    private final String database;
    private final int concurrency;
    private final int sales;
    private final int warmup;
    private final List<String> brokerJvm;

    private BrokerBenchmark() {
        server = setting("bench.mysql.server", "RISTOURNE_BENCH_MYSQL_SERVER", "jdbc:mysql://127.0.0.1:3306");
        user = setting("bench.mysql.user", "RISTOURNE_BENCH_MYSQL_USER", "root");
        password = setting("bench.mysql.password", "RISTOURNE_BENCH_MYSQL_PASSWORD", "");
        database = setting("bench.database", "RISTOURNE_BENCH_DATABASE", "ristourne_bench");
        concurrency = Integer.parseInt(setting("bench.concurrency", "RISTOURNE_BENCH_CONCURRENCY", "16"));
        sales = Integer.parseInt(setting("bench.sales", "RISTOURNE_BENCH_SALES", "10000"));
        warmup = Integer.parseInt(setting("bench.warmup", "RISTOURNE_BENCH_WARMUP", "2000"));
        brokerJvm = List.of(setting("bench.broker.jvm", "RISTOURNE_BENCH_BROKER_JVM",
                "-XX:TieredStopAtLevel=1 -Xms128m -Xmx192m -XX:MaxMetaspaceSize=160m -Xss512k"
                        + " -XX:+UseSerialGC").trim().split("\\s+"));
    }

    public static void main(String[] args) throws Exception {
        new BrokerBenchmark().run();
        System.exit(0);
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "benchmark: MariaDB %s, database %s, C=%d, %d sales after %d warm-up, "
                + "%d cores%n", server, database, concurrency, sales, warmup, Runtime.getRuntime()
                .availableProcessors());
        ScratchDatabases databases = new ScratchDatabases(server, user, password);
        databases.recreate(database);
        databases.recreate(limitDatabase());

        Figures limit = jdbcInsertLimit();
        print("a. limit: JDBC single-row INSERT+COMMIT", limit);

        // The per-vendor rate limit protects a node from one vendor's flood; here that flood is the point.
        Map<String, String> brokerProperties = Map.of("ristourne.intake.rate-per-second", "1000000",
                "ristourne.intake.burst", "1000000");
        try (BrokerProcess broker = BrokerProcess.start("benchmark-broker", server + "/" + database, user, password,
                brokerJvm, brokerProperties)) {
            long started = System.nanoTime();
            broker.awaitHealthy(Duration.ofSeconds(180));
            System.out.printf(Locale.ROOT, "broker: started in %.1f s, pid %d, JVM %s%n",
                    (System.nanoTime() - started) / 1e9, broker.pid(), String.join(" ", brokerJvm));
            Setup setup = setUp(broker);

            ingest(setup, "warmup", warmup, null);
            LagWatch lag = new LagWatch();
            Figures ingest = ingest(setup, "run", sales, lag);
            print("b. broker: signed sale.completed webhooks", ingest);
            printGroupCommit(setup);
            double ingestRatio = ingest.perSecond / limit.perSecond;
            System.out.printf(Locale.ROOT, "c. ratio b/a = %.2f%n", ingestRatio);
            long[] lags = lag.awaitAll(Duration.ofMinutes(5));
            System.out.printf(Locale.ROOT, "c. ledger lag (webhook answered -> posting in ledger_entry): p50 %.1f ms,"
                    + " p95 %.1f ms, p99 %.1f ms, max %.1f ms%n", millis(percentile(lags, 50)),
                    millis(percentile(lags, 95)), millis(percentile(lags, 99)), millis(percentile(lags, 100)));

            String before = readModelFingerprint();
            // Processors that do not feed the ledger's read models (vendor invoicing) may still be appending events
            // behind the ingest: the replay and its baseline both count the events stored up to here.
            long lastIndex = count("select coalesce(max(global_index), 0) from domain_event_entry");
            long events = count("select count(*) from domain_event_entry where global_index <= " + lastIndex);
            Instant replayStarted = Instant.now();
            double replayPerSecond = replay(setup, events);
            System.out.printf(Locale.ROOT, "d. replay ran from %s to %s%n", replayStarted, Instant.now());
            boolean identical = before.equals(readModelFingerprint());
            // The broker's code is warm by now; give the baseline's the same chance and keep its best of three passes.
            double scanPerSecond = Math.max(scanAndParse(lastIndex, events), Math.max(scanAndParse(lastIndex,
                    events), scanAndParse(lastIndex, events)));
            double replayRatio = replayPerSecond / scanPerSecond;
            System.out.printf(Locale.ROOT, "d. replay of %d events: %.0f events/s; plain JDBC scan + JSON parse: %.0f "
                    + "events/s; ratio %.2f; read models identical after replay: %s%n", events, replayPerSecond,
                    scanPerSecond, replayRatio, identical ? "yes" : "NO");
            System.out.printf(Locale.ROOT, "d. events appended after the ledger caught up (processors still behind the"
                    + " ingest): %d%n", count("select count(*) from domain_event_entry") - events);
            if (!identical) {
                throw new IllegalStateException("read models differ after replay");
            }
            long rss = broker.residentMemoryMb();
            System.out.printf(Locale.ROOT, "e. broker resident memory: %d MB%n", rss);

            System.out.printf(Locale.ROOT, "ingest_ratio=%.2f%n", ingestRatio);
            System.out.printf(Locale.ROOT, "ingest_p99_ms=%.1f%n", millis(ingest.p99));
            System.out.printf(Locale.ROOT, "ledger_lag_p99_ms=%.1f%n", millis(percentile(lags, 99)));
            System.out.printf(Locale.ROOT, "replay_ratio=%.2f%n", replayRatio);
            System.out.printf(Locale.ROOT, "rss_mb=%d%n", rss);
        }
    }

    // ---- a. the limit

    private Figures jdbcInsertLimit() throws Exception {
        try (Connection connection = connect(limitDatabase()); Statement statement = connection.createStatement()) {
            statement.execute("""
                    create table bench_sale_row (
                        id           bigint       not null auto_increment primary key,
                        sale_key     varchar(200) not null unique,
                        payload      longblob     not null,
                        completed_us bigint       not null
                    ) engine = InnoDB""");
        }
        // The size of a SaleReported event as the broker stores it (measured: about 1 KiB of JSON).
        byte[] payload = new byte[1024];
        Arrays.fill(payload, (byte) 'x');
        int total = warmup + sales;
        AtomicInteger next = new AtomicInteger();
        long[] latencies = new long[total];
        ExecutorService threads = Executors.newFixedThreadPool(concurrency);
        long[] measuredFrom = new long[1];
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            workers.add(threads.submit(() -> {
                try (Connection connection = connect(limitDatabase())) {
                    connection.setAutoCommit(false);
                    try (PreparedStatement insert = connection.prepareStatement(
                            "insert into bench_sale_row (sale_key, payload, completed_us) values (?, ?, ?)")) {
                        int i;
                        while ((i = next.getAndIncrement()) < total) {
                            if (i == warmup) {
                                measuredFrom[0] = System.nanoTime();
                            }
                            long start = System.nanoTime();
                            insert.setString(1, "bench/ord_" + i);
                            insert.setBytes(2, payload);
                            insert.setLong(3, System.currentTimeMillis() * 1000);
                            insert.executeUpdate();
                            connection.commit();
                            latencies[i] = System.nanoTime() - start;
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        long elapsed = System.nanoTime() - measuredFrom[0];
        threads.shutdown();
        return Figures.of(Arrays.copyOfRange(latencies, warmup, total), elapsed);
    }

    // ---- b. the broker

    private record Setup(OperatorClient operator, SigningVendor vendor, List<String> customerRefs) {
    }

    private Setup setUp(BrokerProcess broker) {
        OperatorClient operator = new OperatorClient(broker.baseUrl());
        String vendorId = "bench-shop";
        String secret = operator.onboardVendor(vendorId, 2000, 2500, 14);
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            refs.add(operator.subscribedCustomerOf(vendorId).customerRef());
        }
        return new Setup(operator, new SigningVendor(broker.baseUrl(), vendorId, secret), refs);
    }

    private Figures ingest(Setup setup, String phase, int count, LagWatch lag) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long[] latencies = new long[count];
        ExecutorService threads = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> workers = new ArrayList<>();
        long started = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            workers.add(threads.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    String saleId = phase + "_" + i;
                    String ref = setup.customerRefs().get(i % setup.customerRefs().size());
                    long amount = 1_000 + ThreadLocalRandom.current().nextLong(100_000);
                    String body = SigningVendor.saleCompleted(saleId, ref, "EUR", amount, amount / 3,
                            Instant.now());
                    String webhookId = "msg_" + phase + "_" + i;
                    long start = System.nanoTime();
                    HttpResponse<String> response = setup.vendor().send(webhookId, body);
                    long answered = System.nanoTime();
                    if (response.statusCode() != 202) {
                        throw new IllegalStateException("sale " + saleId + " answered " + response.statusCode()
                                + ": " + response.body());
                    }
                    latencies[i] = answered - start;
                    if (lag != null) {
                        lag.answered(setup.vendor().vendorId() + "/" + saleId, answered);
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        long elapsed = System.nanoTime() - started;
        threads.shutdown();
        Figures figures = Figures.of(latencies, elapsed);
        if (lag == null) {
            System.out.printf(Locale.ROOT, "broker: %d warm-up sales at %.0f sales/s%n", count, figures.perSecond);
        }
        return figures;
    }

    /** How the intake grouped the reports (warm-up included): groups, their mean and largest size, groups redone. */
    private static void printGroupCommit(Setup setup) {
        tools.jackson.databind.JsonNode sizes = setup.operator().call("GET", "/actuator/metrics/ristourne.intake.group.size", null, 200);
        tools.jackson.databind.JsonNode redone = setup.operator().call("GET", "/actuator/metrics/ristourne.intake.group.redone", null, 200);
        double groups = statistic(sizes, "COUNT");
        System.out.printf(Locale.ROOT, "b. group commit: %.0f groups, %.1f reports per group on average, %.0f at most;"
                + " %.0f groups redone one report at a time%n", groups, statistic(sizes, "TOTAL") / Math.max(1, groups),
                statistic(sizes, "MAX"), statistic(redone, "COUNT"));
    }

    private static double statistic(tools.jackson.databind.JsonNode metric, String name) {
        for (tools.jackson.databind.JsonNode measurement : metric.get("measurements")) {
            if (name.equals(measurement.get("statistic").asString())) {
                return measurement.get("value").asDouble();
            }
        }
        throw new IllegalStateException("no " + name + " in " + metric);
    }

    // ---- c. the ledger's lag

    /** Watches ledger_entry for each answered sale's pending-shares posting, by primary key, every 20 ms. */
    private final class LagWatch {

        private final Map<String, Long> answeredAt = new ConcurrentHashMap<>();
        private final List<Long> lags = Collections.synchronizedList(new ArrayList<>());
        private final Thread poller;
        private volatile boolean stop;

        LagWatch() {
            poller = new Thread(this::poll, "ledger-lag-watch");
            poller.setDaemon(true);
            poller.start();
        }

        void answered(String saleKey, long nanos) {
            answeredAt.put(saleKey, nanos);
        }

        private void poll() {
            try (Connection connection = connect()) {
                while (!stop) {
                    List<String> pending = answeredAt.keySet().stream().limit(500).toList();
                    if (!pending.isEmpty()) {
                        String marks = String.join(",", Collections.nCopies(pending.size(), "?"));
                        try (PreparedStatement query = connection.prepareStatement(
                                "select posting_id from ledger_entry where entry_no = 0 and posting_id in (" + marks
                                        + ")")) {
                            for (int i = 0; i < pending.size(); i++) {
                                query.setString(i + 1, PostingId.of("sale", pending.get(i), "reported").value());
                            }
                            try (ResultSet rs = query.executeQuery()) {
                                long seen = System.nanoTime();
                                while (rs.next()) {
                                    String postingId = rs.getString(1);
                                    String saleKey = new PostingId(postingId).parts().get(1);
                                    Long answered = answeredAt.remove(saleKey);
                                    if (answered != null) {
                                        lags.add(Math.max(0, seen - answered));
                                    }
                                }
                            }
                        }
                    }
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (SQLException e) {
                throw new IllegalStateException("lag watch failed", e);
            }
        }

        long[] awaitAll(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!answeredAt.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            stop = true;
            poller.join();
            if (!answeredAt.isEmpty()) {
                throw new IllegalStateException(answeredAt.size() + " sales never reached the ledger read model");
            }
            synchronized (lags) {
                return lags.stream().mapToLong(Long::longValue).sorted().toArray();
            }
        }
    }

    // ---- d. replay

    private double replay(Setup setup, long events) throws Exception {
        long started = System.nanoTime();
        setup.operator().call("POST", "/actuator/ledgerreplay", null, 200);
        long deadline = started + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (setup.operator().call("GET", "/actuator/ledgerreplay", null, 200).get("caughtUp").asBoolean()) {
                return events / ((System.nanoTime() - started) / 1e9);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("replay did not finish within 10 minutes");
    }

    /** The baseline: read every stored event in order over plain JDBC and parse its JSON payload. */
    private double scanAndParse(long lastIndex, long events) throws Exception {
        try (Connection connection = connect();
             Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            statement.setFetchSize(Integer.MIN_VALUE);
            long started = System.nanoTime();
            long read = 0;
            long fields = 0;
            try (ResultSet rs = statement.executeQuery(
                    "select global_index, payload_type, payload, meta_data from domain_event_entry where global_index <= "
                            + lastIndex + " order by global_index")) {
                while (rs.next()) {
                    JsonNode payload = JSON.readTree(rs.getBytes("payload"));
                    JsonNode metaData = JSON.readTree(rs.getBytes("meta_data"));
                    fields += payload.size() + metaData.size();
                    read++;
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            if (read != events || fields == 0) {
                throw new IllegalStateException("scanned " + read + " events instead of " + events);
            }
            return read / seconds;
        }
    }

    private String readModelFingerprint() throws SQLException {
        StringBuilder fingerprint = new StringBuilder();
        for (String sql : List.of(
                "select count(*), coalesce(sum(amount_minor), 0), coalesce(sum(crc32(concat(posting_id, entry_no,"
                        + " account_type, owner, amount_minor))), 0) from ledger_entry",
                "select count(*), coalesce(sum(rebate_minor), 0), coalesce(sum(crc32(concat(sale_key, state,"
                        + " rebate_minor))), 0) from customer_statement_line")) {
            try (Connection connection = connect(); Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery(sql)) {
                rs.next();
                fingerprint.append(rs.getLong(1)).append('/').append(rs.getLong(2)).append('/').append(rs.getLong(3))
                        .append(';');
            }
        }
        return fingerprint.toString();
    }

    // ---- plumbing

    private record Figures(long count, double perSecond, long p50, long p95, long p99) {
        static Figures of(long[] latencies, long elapsedNanos) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            return new Figures(sorted.length, sorted.length / (elapsedNanos / 1e9), percentile(sorted, 50),
                    percentile(sorted, 95), percentile(sorted, 99));
        }
    }

    private static void print(String what, Figures figures) {
        System.out.printf(Locale.ROOT, "%s: %d in a row at %.0f/s; latency p50 %.1f ms, p95 %.1f ms, p99 %.1f ms%n",
                what, figures.count(), figures.perSecond(), millis(figures.p50()), millis(figures.p95()),
                millis(figures.p99()));
    }

    private static long percentile(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    /** The limit's table lives beside the broker's database on the same server, out of Flyway's way. */
    private String limitDatabase() {
        return database + "_limit";
    }


    private Connection connect() throws SQLException {
        return connect(database);
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(server + "/" + database, user, password);
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String setting(String property, String variable, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(variable);
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
