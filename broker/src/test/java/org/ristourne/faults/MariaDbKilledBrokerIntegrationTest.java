package org.ristourne.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.ristourne.broker.see.ledger.CustomerStatements;
import org.ristourne.support.BrokerProcess;
import org.ristourne.support.LedgerRows;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.OwnTestDatabase;
import org.ristourne.support.RetryingVendor;

/**
 * The only broker node killed (SIGKILL) while eight vendor threads report sales and refunds, then started again on
 * the same database. Deliveries in flight at the kill got no answer, and the vendor retries them, and those sent
 * while the node was down, with the same webhook-id until they get a 2xx: a report stored before its answer was lost
 * must then be answered as a repeat, and one that was not stored must be stored now. In the end every sale that got
 * a 2xx is recorded, booked and on its customer's statement exactly once, and the ledger equals the recomputation.
 * Runs in a database of its own: other test contexts of this JVM would act as further nodes.
 */
@EnabledIfEnvironmentVariable(named = "RISTOURNE_TEST_MYSQL_URL", matches = ".+",
        disabledReason = "set RISTOURNE_TEST_MYSQL_URL (jdbc:mysql://host:3306/db) to run against MySQL/MariaDB")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MariaDbKilledBrokerIntegrationTest {

    private static final int SALES = 200;
    private static final int THREADS = 8;

    private final List<BrokerProcess> nodes = new ArrayList<>();
    private OwnTestDatabase database;
    private RetryingVendor vendor;
    /** Where the vendor's deliveries go: the node that is up, or the one that was until the kill. */
    private volatile String node;

    @BeforeAll
    void freshDatabase() throws SQLException {
        database = OwnTestDatabase.recreate("killed");
    }

    @AfterAll
    void stopNodesAndDropDatabase() throws SQLException {
        if (vendor != null) {
            vendor.close();
        }
        nodes.forEach(BrokerProcess::close);
        if (database != null) {
            database.close();
        }
    }

    @Test
    void everySaleAcceptedAroundAKillIsBookedOnceAsRecomputedAfterTheRestart() throws Exception {
        BrokerProcess first = start("killed-node");
        node = first.baseUrl();
        RetryingVendor.Onboarded shop = RetryingVendor.onboard(new OperatorClient(node), "killed-node-vendor", 8);
        vendor = new RetryingVendor(shop.vendorId(), shop.secret(), shop.customers(), "k", (sale, attempt) -> node);
        vendor.send(0, SALES, THREADS);

        vendor.awaitAccepted(SALES / 3, Duration.ofSeconds(60));
        long killedAt = System.nanoTime();
        first.kill();
        int acceptedBeforeKill = vendor.accepted();
        BrokerProcess restarted = start("killed-node-restarted");
        long restartMillis = Duration.ofNanos(System.nanoTime() - killedAt).toMillis();
        node = restarted.baseUrl();

        vendor.awaitAllAccepted(Duration.ofSeconds(90));
        long recoveredMillis = vendor.millisToFirstAcceptedAfter(killedAt);
        Duration caughtUp = vendor.assertBookedExactlyOnce(
                new LedgerRows(database.jdbc(), CustomerStatements.readFrom(database.jdbc())), Duration.ofSeconds(60));

        System.out.printf("one node killed: %d deliveries accepted before the kill; restarted and healthy %d ms after"
                        + " it, first 2xx %d ms after it, ledger caught up %d ms after the last 2xx; %s%n",
                acceptedBeforeKill, restartMillis, recoveredMillis, caughtUp.toMillis(), vendor.figures());
        assertThat(acceptedBeforeKill).as("the kill came mid-run").isBetween(SALES / 3, vendor.accepted() - 1);
        assertThat(vendor.retriedDeliveries()).as("deliveries that met the dead node and were retried").isPositive();
    }

    private BrokerProcess start(String name) {
        BrokerProcess broker = BrokerProcess.start(name, database.url(), database.user(), database.password(),
                BrokerProcess.TEST_JVM,
                Map.of("spring.datasource.hikari.maximum-pool-size", "24"));
        nodes.add(broker);
        return broker.awaitHealthy(Duration.ofSeconds(120));
    }
}
