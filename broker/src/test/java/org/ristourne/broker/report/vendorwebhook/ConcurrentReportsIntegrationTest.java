package org.ristourne.broker.report.vendorwebhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.RepeatedTest;
import org.ristourne.support.SigningVendor;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reports of one sale arriving at once, as a vendor's retrying queue or several of its workers send them. Whoever
 * loses the race to append to the sale's event stream must be retried, never answered 5xx: the only answers are
 * 202, 200, 409 or 422, and what was accepted is exactly what the sale recorded.
 */
abstract class ConcurrentReportsIntegrationTest extends VendorWebhookTestSupport {

    private static final int THREADS = 8;
    private static final JsonMapper JSON = new JsonMapper();


    /** Sends the reports {@code report.apply(0..7)} from 8 threads released at the same instant. */
    private List<HttpResponse<String>> atOnce(IntFunction<HttpResponse<String>> report) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                int n = i;
                sent.add(threads.submit(() -> {
                    start.await();
                    return report.apply(n);
                }));
            }
            start.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> response : sent) {
                responses.add(response.get());
            }
            return responses;
        } finally {
            threads.shutdownNow();
        }
    }

    private static List<Integer> statuses(List<HttpResponse<String>> responses) {
        return responses.stream().map(HttpResponse::statusCode).toList();
    }

    private List<JsonNode> refundsRecorded(String vendorId, String saleId) {
        return jdbc.queryForList("""
                        select payload from domain_event_entry where aggregate_identifier = ? and payload_type like ?
                        order by sequence_number""", byte[].class, vendorId + "/" + saleId, "%.SaleRefunded")
                .stream().map(payload -> JSON.readTree(new String(payload, StandardCharsets.UTF_8))).toList();
    }

    @RepeatedTest(5)
    void eightRefundsOfOneSaleAtOnceAreEachRecordedOrRefusedByTheRules() throws Exception {
        assertThat(vendor.send(sale("ord_many", 10_000, 4_000L)).statusCode()).isEqualTo(202);

        List<HttpResponse<String>> responses = atOnce(i -> vendor.send(
                SigningVendor.saleRefunded("ord_many", "rf_" + i, 1_000 + 100 * i, Instant.now())));

        assertThat(statuses(responses)).as(responses.toString()).isSubsetOf(202, 422);
        Set<String> accepted = new HashSet<>();
        long acceptedTotal = 0;
        for (int i = 0; i < THREADS; i++) {
            if (responses.get(i).statusCode() == 202) {
                accepted.add("rf_" + i);
                acceptedTotal += 1_000 + 100 * i;
            } else {
                assertThat(responses.get(i).body()).contains("/problems/refund-exceeds-remaining");
            }
        }
        List<JsonNode> recorded = refundsRecorded(vendor.vendorId(), "ord_many");
        assertThat(recorded).extracting(event -> event.get("refundId").get("value").asString())
                .containsExactlyInAnyOrderElementsOf(accepted);
        assertThat(acceptedTotal).isLessThanOrEqualTo(10_000);
        assertThat(recorded.get(recorded.size() - 1).get("refundedTotal").get("minorUnits").asLong())
                .isEqualTo(acceptedTotal);
    }

    @RepeatedTest(3)
    void eightIdenticalDeliveriesOfOneRefundRecordItOnce() throws Exception {
        assertThat(vendor.send(sale("ord_same", 10_000, 4_000L)).statusCode()).isEqualTo(202);
        String webhookId = SigningVendor.newWebhookId();
        String body = SigningVendor.saleRefunded("ord_same", "rf_1", 2_500, Instant.now());

        List<HttpResponse<String>> responses = atOnce(i -> vendor.send(webhookId, body));

        assertThat(statuses(responses)).as(responses.toString()).containsOnly(200, 202).containsOnlyOnce(202);
        assertThat(refundsRecorded(vendor.vendorId(), "ord_same")).hasSize(1);
    }

    @RepeatedTest(3)
    void eightDifferentSalesUnderOneSaleIdRecordOneAndConflictTheOthers() throws Exception {
        List<HttpResponse<String>> responses = atOnce(i -> vendor.send(sale("ord_clash", 10_000 + i, 1_000L)));

        assertThat(statuses(responses)).as(responses.toString()).containsOnly(202, 409).containsOnlyOnce(202);
        assertThat(responses).filteredOn(response -> response.statusCode() == 409)
                .allSatisfy(response -> assertThat(response.body()).contains("/problems/sale-conflict"));
        assertThat(eventsOf("ord_clash", "SaleReported")).isEqualTo(1);
    }

    /** With no hold the deadline fires at once and appends to the same stream as the refunds sent right after. */
    @RepeatedTest(3)
    void refundsRacingTheHoldDeadlineAreRecordedAndTheSaleIsStillConfirmed() throws Exception {
        String vendorId = "nohold-" + UUID.randomUUID().toString().substring(0, 8);
        SigningVendor noHold = new SigningVendor(baseUrl(), vendorId, operator.onboardVendor(vendorId, 2000, 2500, 0));
        String ref = operator.subscribedCustomerOf(vendorId).customerRef();
        assertThat(noHold.send(SigningVendor.saleCompleted("ord_hold", ref, "EUR", 10_000, 4_000L, Instant.now()))
                .statusCode()).isEqualTo(202);

        List<HttpResponse<String>> responses = atOnce(i -> noHold.send(
                SigningVendor.saleRefunded("ord_hold", "rf_" + i, 500, Instant.now())));

        assertThat(statuses(responses)).as(responses.toString()).containsOnly(202);
        assertThat(refundsRecorded(vendorId, "ord_hold")).hasSize(THREADS);
        Awaitility.await("the sale's confirmation").atMost(Duration.ofSeconds(30))
                .until(() -> eventsOf(vendorId, "ord_hold", "SaleConfirmed") == 1);
    }
}
