package org.ristourne.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ristourne.broker.see.ledger.CustomerStatements;
import org.ristourne.support.BrokerProcess;
import org.ristourne.support.LedgerRows;
import org.ristourne.support.MariaDbServerProcess;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.RetryingVendor;
import org.ristourne.support.ScratchDatabases;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * MariaDB stopped (SIGTERM, a clean shutdown) and started again on the same data directory and port while eight
 * vendor threads report sales and refunds to one broker node, which keeps running. Meanwhile the webhook answers 503
 * (never a 500, never a 2xx for what it could not store) and the vendor retries with the same webhook-id until it
 * gets a 2xx. Once the database is back the broker serves again without a restart, and every sale that got a 2xx is
 * recorded, booked and on its customer's statement exactly once, the ledger equal to the recomputation. The server is
 * one of the test's own: the one the rest of the suite shares must stay up.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MariaDbRestartedUnderLoadIntegrationTest {

    private static final int SALES = 200;
    private static final int THREADS = 8;
    /** Long enough for every sender to meet the outage at least once (they back off up to a second). */
    private static final Duration DOWN_FOR = Duration.ofSeconds(3);

    private MariaDbServerProcess mariaDb;
    private JdbcTemplate jdbc;
    private BrokerProcess broker;
    private RetryingVendor vendor;

    @BeforeAll
    void ownMariaDbAndBroker() throws SQLException {
        Assumptions.assumeTrue(MariaDbServerProcess.installed(),
                "mariadb-install-db and mariadbd are not installed (.ci/run installs them)");
        mariaDb = MariaDbServerProcess.install("restarted-mariadb");
        ScratchDatabases server = new ScratchDatabases(mariaDb.serverUrl(), "root", "");
        server.recreate("ristourne");
        // A connection per read: one kept open would not outlive the restart.
        jdbc = new JdbcTemplate(new DriverManagerDataSource(server.urlOf("ristourne"), "root", ""));
        broker = BrokerProcess.start("restarted-mariadb-broker", server.urlOf("ristourne"), "root", "",
                BrokerProcess.TEST_JVM, Map.of("spring.datasource.hikari.maximum-pool-size", "24"))
                .awaitHealthy(Duration.ofSeconds(120));
    }

    @AfterAll
    void stopEverything() {
        if (vendor != null) {
            vendor.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (mariaDb != null) {
            mariaDb.close();
        }
    }

    @Test
    void everySaleAcceptedAroundARestartOfTheDatabaseIsBookedOnceAsRecomputed() throws Exception {
        RetryingVendor.Onboarded shop = RetryingVendor.onboard(new OperatorClient(broker.baseUrl()),
                "restarted-db-vendor", 8);
        vendor = new RetryingVendor(shop.vendorId(), shop.secret(), shop.customers(), "db",
                (sale, attempt) -> broker.baseUrl());
        vendor.send(0, SALES, THREADS);

        vendor.awaitAccepted(SALES / 3, Duration.ofSeconds(60));
        long stoppedAt = System.nanoTime();
        mariaDb.stop();
        int acceptedBeforeStop = vendor.accepted();
        long stopMillis = Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis();
        Thread.sleep(DOWN_FOR.toMillis());
        int acceptedWhileDown = vendor.accepted() - acceptedBeforeStop;
        long restartedAt = System.nanoTime();
        mariaDb.start();
        long upAgainMillis = Duration.ofNanos(System.nanoTime() - restartedAt).toMillis();

        vendor.awaitAllAccepted(Duration.ofSeconds(90));
        long recoveredMillis = vendor.millisToFirstAcceptedAfter(restartedAt);
        Duration caughtUp = vendor.assertBookedExactlyOnce(
                new LedgerRows(jdbc, CustomerStatements.readFrom(jdbc)), Duration.ofSeconds(90));

        System.out.printf("MariaDB restarted: %d deliveries accepted before the stop (clean shutdown in %d ms), %d"
                        + " while it was down (%d ms); it took connections %d ms after being started, the broker's"
                        + " first 2xx came %d ms after that start, the ledger caught up %d ms after the last 2xx; %s%n",
                acceptedBeforeStop, stopMillis, acceptedWhileDown, DOWN_FOR.toMillis(), upAgainMillis,
                recoveredMillis, caughtUp.toMillis(), vendor.figures());
        assertThat(acceptedBeforeStop).as("the restart came mid-run").isBetween(SALES / 3, vendor.accepted() - 1);
        assertThat(acceptedWhileDown).as("2xx answers while the database was down").isZero();
        assertThat(vendor.failedAttempts("503")).as("deliveries answered 503 while the database was down")
                .isPositive();
        assertThat(vendor.failedAttempts(RetryingVendor.NO_ANSWER)).as("the broker kept answering").isZero();
        broker.awaitHealthy(Duration.ofSeconds(30));
    }
}
