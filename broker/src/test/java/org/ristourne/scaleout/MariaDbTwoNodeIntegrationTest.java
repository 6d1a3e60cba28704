package org.ristourne.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
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
import org.ristourne.broker.see.ledger.CustomerStatements;
import org.ristourne.support.BrokerProcess;
import org.ristourne.support.LedgerRows;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.OwnTestDatabase;
import org.ristourne.support.PageClient;
import org.ristourne.support.RetryingVendor;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two broker processes on one MariaDB database, as a scaled-out deployment runs: sales go to both, the event
 * processors' segments are shared between them, and when one node is killed (SIGKILL) mid-run the other takes over
 * its segments and nothing is lost or posted twice; started again, the killed node takes its share back. Every sale
 * that got a 2xx is checked against the recomputation of the ledger, per sale. Runs in its own database: other test
 * contexts in this JVM would otherwise act as a third node.
 */
@EnabledIfEnvironmentVariable(named = "RISTOURNE_TEST_MYSQL_URL", matches = ".+",
        disabledReason = "set RISTOURNE_TEST_MYSQL_URL (jdbc:mysql://host:3306/db) to run against MySQL/MariaDB")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MariaDbTwoNodeIntegrationTest {

    private static final List<String> PROCESSORS = List.of("ledger-booking", "ledger-read-models");
    private static final int SALES = 240;
    private static final int SALES_AFTER_RESTART = 120;

    private OwnTestDatabase database;
    private JdbcTemplate jdbc;
    private BrokerProcess first;
    private BrokerProcess second;
    private final AtomicReferenceArray<String> nodeUrls = new AtomicReferenceArray<>(2);
    /** The vendor of the kill test, whose sales the restart test adds to. */
    private RetryingVendor vendor;

    /** One pair of nodes for every test (a broker process takes a while to start): the kill and restart come last. */
    @BeforeAll
    void twoNodesOnAFreshDatabase() throws SQLException {
        database = OwnTestDatabase.recreate("nodes");
        jdbc = database.jdbc();
        first = node("node-a");
        second = node("node-b");
    }

    @AfterAll
    void stopNodesAndDropDatabase() throws SQLException {
        if (vendor != null) {
            vendor.close();
        }
        Stream.of(first, second).filter(Objects::nonNull).forEach(BrokerProcess::close);
        database.close();
    }

    @Test
    @Order(2)
    void salesSentToBothNodesArePostedOnceEvenWhenOneNodeIsKilled() throws Exception {
        RetryingVendor.Onboarded shop = RetryingVendor.onboard(new OperatorClient(first.baseUrl()), "two-nodes", 8);

        Awaitility.await("segments shared between the nodes").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> PROCESSORS.stream().allMatch(processor -> owners(processor).size() == 2));
        Map<String, Map<String, Integer>> sharedBeforeKill = segmentsByOwner();
        System.out.println("two nodes: segments per owner before the kill " + sharedBeforeKill);

        // Half to each node; a delivery whose node is gone is retried on the other, as a load balancer would.
        nodeUrls.set(0, first.baseUrl());
        nodeUrls.set(1, second.baseUrl());
        vendor = new RetryingVendor(shop.vendorId(), shop.secret(), shop.customers(), "two",
                (sale, attempt) -> nodeUrls.get((sale + attempt) % 2));
        vendor.send(0, SALES, 8);
        vendor.awaitAccepted(SALES / 2, Duration.ofSeconds(60));
        second.kill();
        vendor.awaitAllAccepted(Duration.ofSeconds(60));
        System.out.println("two nodes: one killed halfway; " + vendor.figures());

        Duration caughtUp = vendor.assertBookedExactlyOnce(ledgerRows(), Duration.ofSeconds(90));
        Awaitility.await("the survivor holds every segment").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> PROCESSORS.stream().allMatch(processor -> owners(processor).size() == 1));
        System.out.println("two nodes: ledger caught up " + caughtUp.toMillis() + " ms after the last 2xx; segments"
                + " per owner after the kill " + segmentsByOwner());

        assertThat(vendor.retriedDeliveries()).as("deliveries that met the killed node and were retried").isPositive();
        // A segment being handed over has no owner for a moment; the two nodes must each hold some of the ledger's
        // processors. (The payout policy and saga run one segment each: one node holds it, the other takes over.)
        assertThat(sharedBeforeKill).containsKeys(PROCESSORS.toArray(String[]::new));
        assertThat(PROCESSORS).allSatisfy(processor -> assertThat(sharedBeforeKill.get(processor).keySet())
                .filteredOn(owner -> !"null".equals(owner)).hasSize(2));
        // Axon names a token's owner by the JVM's "pid@host".
        assertThat(owners("ledger-booking")).singleElement().asString().startsWith(first.pid() + "@");
        assertThat(owners("ledger-read-models")).singleElement().asString().startsWith(first.pid() + "@");
    }

    /**
     * The killed node started again while sales go on: it takes its share of the segments back from the survivor
     * (the fair-share balancer hands them over), and the ledger still equals the recomputation for every sale, from
     * before and after the kill and after the restart. The one restart this class can afford.
     */
    @Test
    @Order(3)
    void theKilledNodeRestartedTakesItsShareBackAndEverySaleIsBookedAsRecomputed() throws Exception {
        assertThat(vendor).as("the kill test ran first").isNotNull();
        long restarting = System.nanoTime();
        second = node("node-b-restarted");
        long restartMillis = Duration.ofNanos(System.nanoTime() - restarting).toMillis();
        nodeUrls.set(1, second.baseUrl());
        vendor.send(SALES, SALES + SALES_AFTER_RESTART, 8);

        Awaitility.await("the restarted node holds segments again").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> PROCESSORS.stream().allMatch(processor -> owners(processor).size() == 2));
        Map<String, Map<String, Integer>> sharedAgain = segmentsByOwner();
        vendor.awaitAllAccepted(Duration.ofSeconds(60));
        Duration caughtUp = vendor.assertBookedExactlyOnce(ledgerRows(), Duration.ofSeconds(60));
        System.out.println("two nodes: killed node restarted in " + restartMillis + " ms; ledger caught up "
                + caughtUp.toMillis() + " ms after the last 2xx; segments per owner once shared again " + sharedAgain
                + "; " + vendor.figures());

        assertThat(PROCESSORS).allSatisfy(processor -> assertThat(sharedAgain.get(processor).keySet())
                .as("owners of %s", processor).anyMatch(owner -> owner.startsWith(second.pid() + "@")));
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
                BrokerProcess.TEST_JVM,
                // The other MariaDB tests' contexts in this JVM hold connections to the same server too.
                Map.of("spring.datasource.hikari.maximum-pool-size", "24"));
        try {
            return node.awaitHealthy(Duration.ofSeconds(120));
        } catch (RuntimeException notHealthy) {
            node.close();
            throw notHealthy;
        }
    }

    private LedgerRows ledgerRows() {
        return new LedgerRows(jdbc, CustomerStatements.readFrom(jdbc));
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
