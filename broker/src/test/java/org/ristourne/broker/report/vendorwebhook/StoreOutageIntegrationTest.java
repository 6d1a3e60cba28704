package org.ristourne.broker.report.vendorwebhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.SigningVendor;
import org.ristourne.support.TcpProxy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The database goes away under the running broker (a relay in front of it drops every connection and refuses new
 * ones): the webhook must answer 503 within seconds, so the vendor retries, and the same delivery must be recorded
 * once the database is back.
 */
abstract class StoreOutageIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    abstract TcpProxy proxy();

    @Test
    void unreachableDatabaseGives503AndTheSameDeliverySucceedsOnceItIsBack() {
        outageGives503ThenTheSameDeliverySucceeds("cut", () -> proxy().cut());
    }

    void outageGives503ThenTheSameDeliverySucceeds(String kind, Runnable outage) {
        String base = "http://127.0.0.1:" + port;
        OperatorClient operator = new OperatorClient(base);
        String vendorId = "outage-" + System.nanoTime() % 1_000_000;
        SigningVendor vendor = new SigningVendor(base, vendorId, operator.onboardVendor(vendorId, 2000, 2500, 14));
        OperatorClient.Customer customer = operator.subscribedCustomerOf(vendorId);
        String body = SigningVendor.saleCompleted("ord_" + kind, customer.customerRef(), "EUR", 12_999, 4_200L,
                Instant.now());
        String webhookId = SigningVendor.newWebhookId();

        outage.run();
        HttpResponse<String> duringOutage;
        long started = System.nanoTime();
        try {
            duringOutage = vendor.send(webhookId, body);
        } finally {
            proxy().restore();
        }
        Duration answeredIn = Duration.ofNanos(System.nanoTime() - started);

        System.out.printf("store outage (%s): webhook answered %d in %d ms%n", kind, duringOutage.statusCode(),
                answeredIn.toMillis());
        assertThat(duringOutage.statusCode()).as(duringOutage.body()).isEqualTo(503);
        assertThat(duringOutage.body()).contains("/problems/store-unavailable");
        assertThat(duringOutage.headers().firstValue("Retry-After")).isPresent();
        assertThat(answeredIn).isLessThan(Duration.ofSeconds(10));

        // Connections the outage broke are evicted as they fail, so a vendor retrying as told may meet a few more
        // 503s first; what matters is that the same delivery is then recorded, once.
        HttpResponse<String> retry = Awaitility.await("the same delivery once the database is back")
                .atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> vendor.send(webhookId, body), response -> response.statusCode() != 503);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(202);
        assertThat(jdbc.queryForObject(
                "select count(*) from domain_event_entry where aggregate_identifier = ? and payload_type like ?",
                Long.class, vendorId + "/ord_" + kind, "%.SaleReported")).isEqualTo(1);
    }
}
