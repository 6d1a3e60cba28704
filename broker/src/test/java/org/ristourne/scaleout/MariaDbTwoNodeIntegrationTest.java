package org.ristourne.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.ristourne.support.BrokerProcess;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.OwnTestDatabase;
import org.ristourne.support.PageClient;
import org.ristourne.support.SigningVendor;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two broker processes on one MariaDB database, as a scaled-out deployment runs: sales go to both, the event
 * processors' segments are shared between them, and when one node is killed mid-run the other takes over its
 * segments and nothing is lost or posted twice. Runs in its own database: other test contexts in this JVM would
 * otherwise act as a third node.
 */
@EnabledIfEnvironmentVariable(named = "RISTOURNE_TEST_MYSQL_URL", matches = ".+",
        disabledReason = "set RISTOURNE_TEST_MYSQL_URL (jdbc:mysql://host:3306/db) to run against MySQL/MariaDB")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MariaDbTwoNodeIntegrationTest {

    private static final List<String> PROCESSORS = List.of("ledger-booking", "ledger-read-models");
    private static final int SALES = 240;

    private OwnTestDatabase database;
    private JdbcTemplate jdbc;
    private BrokerProcess first;
    private BrokerProcess second;

    /** One pair of nodes for both tests (a broker process takes a while to start): the kill comes last. */
    @BeforeAll
    void twoNodesOnAFreshDatabase() throws SQLException {
        database = OwnTestDatabase.recreate("nodes");
        jdbc = database.jdbc();
        first = node("node-a");
        second = node("node-b");
    }

    @AfterAll
    void stopNodesAndDropDatabase() throws SQLException {
        Stream.of(first, second).filter(Objects::nonNull).forEach(BrokerProcess::close);
        database.close();
    }

    @Test
    @Order(2)
    void salesSentToBothNodesArePostedOnceEvenWhenOneNodeIsKilled() throws Exception {
        OperatorClient operator = new OperatorClient(first.baseUrl());
        String vendorId = "two-nodes";
        String secret = operator.onboardVendor(vendorId, 2000, 2500, 14);
        List<OperatorClient.Customer> customers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            customers.add(operator.subscribedCustomerOf(vendorId));
        }

        Awaitility.await("segments shared between the nodes").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> PROCESSORS.stream().allMatch(processor -> owners(processor).size() == 2));
        Map<String, Map<String, Integer>> sharedBeforeKill = segmentsByOwner();
        System.out.println("two nodes: segments per owner before the kill " + sharedBeforeKill);

        SigningVendor[] vendors = {new SigningVendor(first.baseUrl(), vendorId, secret),
                new SigningVendor(second.baseUrl(), vendorId, secret)};
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        AtomicInteger rerouted = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        List<Future<?>> sends = new ArrayList<>();
        for (int i = 0; i < SALES; i++) {
            int sale = i;
            sends.add(senders.submit(() -> {
                OperatorClient.Customer customer = customers.get(sale % customers.size());
                String body = SigningVendor.saleCompleted("ord_" + sale, customer.customerRef(), "EUR",
                        10_000 + sale, 3_000L + sale, Instant.now());
                String webhookId = "msg_two_nodes_" + sale;
                if (sent.incrementAndGet() == SALES / 2) {
                    second.kill();
                }
                // Half to each node; a vendor whose node is gone retries the same delivery on the other.
                HttpResponse<String> response;
                try {
                    response = vendors[sale % 2].send(webhookId, body);
                } catch (IllegalStateException nodeGone) {
                    rerouted.incrementAndGet();
                    response = vendors[0].send(webhookId, body);
                }
                assertThat(response.statusCode()).as(response.body()).isIn(200, 202);
                accepted.add(vendorId + "/ord_" + sale);
                return null;
            }));
        }
        for (Future<?> send : sends) {
            send.get();
        }
        senders.shutdown();
        System.out.printf("two nodes: %d sales accepted, %d retried on the surviving node%n", accepted.size(),
                rerouted.get());

        Awaitility.await("every sale posted by the survivor").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> count("select count(distinct posting_id) from ledger_entry where reason = 'SHARES_PENDING'")
                        == SALES);
        Awaitility.await("the survivor holds every segment").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> PROCESSORS.stream().allMatch(processor -> owners(processor).size() == 1));
        System.out.println("two nodes: segments per owner after the kill " + segmentsByOwner());

        assertThat(accepted).hasSize(SALES);
        assertThat(count("select count(*) from domain_event_entry where payload_type like '%.SaleReported'"))
                .as("each sale recorded once").isEqualTo(SALES);
        assertThat(count("select count(*) from domain_event_entry where payload_type like '%.PostingRecorded'"
                + " and aggregate_identifier like 'ledger:%'")).as("each sale's shares posted once").isEqualTo(SALES);
        assertThat(count("select count(*) from customer_statement_line")).isEqualTo(SALES);
        assertThat(jdbc.queryForList("select currency, sum(amount_minor) as total from ledger_entry group by currency"))
                .allSatisfy(row -> assertThat(((Number) row.get("total")).longValue()).isZero());
        // A segment being handed over has no owner for a moment; the two nodes must each hold some of the ledger's
        // processors. (The payout policy and saga run one segment each: one node holds it, the other takes over.)
        assertThat(sharedBeforeKill).containsKeys(PROCESSORS.toArray(String[]::new));
        assertThat(PROCESSORS).allSatisfy(processor -> assertThat(sharedBeforeKill.get(processor).keySet())
                .filteredOn(owner -> !"null".equals(owner)).hasSize(2));
        // Axon names a token's owner by the JVM's "pid@host".
        assertThat(owners("ledger-booking")).singleElement().asString().startsWith(first.pid() + "@");
        assertThat(owners("ledger-read-models")).singleElement().asString().startsWith(first.pid() + "@");
    }

    /** Page sessions live in the shared database: a load balancer may send each request to either node. */
    @Test
    @Order(1)
    void aCustomerSignedInOnOneNodeIsSignedInOnTheOtherUntilSigningOutOnEither() {
        PageClient onFirst = new PageClient(first.baseUrl());
        HttpResponse<String> signedUp = onFirst.signUp("Anna", "anna@two-nodes.example", "correct horse battery");
        assertThat(PageClient.location(signedUp)).endsWith("/account");

        PageClient onSecond = new PageClient(second.baseUrl());
        onSecond.useSessionOf(onFirst);
        assertThat(onSecond.get("/").body()).as("signed in on the other node").contains("id=\"sign-out\"");

        HttpResponse<String> signedOut = onSecond.post("/sign-out", Map.of("_csrf", onSecond.csrfToken()));
        assertThat(PageClient.location(signedOut)).endsWith("/?signed-out");
        assertThat(PageClient.location(onFirst.get("/account"))).as("signed out on the first node too")
                .endsWith("/sign-in");
    }

    private BrokerProcess node(String name) {
        BrokerProcess node = BrokerProcess.start(name, database.url(), database.user(), database.password(),
                List.of("-Xmx384m", "-XX:+UseSerialGC"),
                // The other MariaDB tests' contexts in this JVM hold connections to the same server too.
                Map.of("spring.datasource.hikari.maximum-pool-size", "24"));
        try {
            return node.awaitHealthy(Duration.ofSeconds(120));
        } catch (RuntimeException notHealthy) {
            node.close();
            throw notHealthy;
        }
    }

    private Set<String> owners(String processor) {
        return Set.copyOf(jdbc.queryForList("select distinct owner from token_entry where processor_name = ?"
                + " and owner is not null", String.class, processor));
    }

    private Map<String, Map<String, Integer>> segmentsByOwner() {
        Map<String, Map<String, Integer>> byProcessor = new TreeMap<>();
        jdbc.query("select processor_name, owner, count(*) as segments from token_entry group by processor_name, owner",
                rs -> {
                    byProcessor.computeIfAbsent(rs.getString("processor_name"), name -> new TreeMap<>())
                            .put(String.valueOf(rs.getString("owner")), rs.getInt("segments"));
                });
        return byProcessor;
    }

    private long count(String sql) {
        return database.count(sql);
    }
}
