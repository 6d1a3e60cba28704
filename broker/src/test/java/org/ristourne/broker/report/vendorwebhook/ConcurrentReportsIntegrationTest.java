package org.ristourne.broker.report.vendorwebhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
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
import org.junit.jupiter.api.Test;
import org.ristourne.broker.api.RuleViolation;
import org.ristourne.broker.api.VendorId;
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

    @Autowired
    IntakeRecorder recorder;

    @Autowired
    MeterRegistry meters;


    /** Sends the reports {@code report.apply(0..7)} from 8 threads released at the same instant. */
    private List<HttpResponse<String>> atOnce(IntFunction<HttpResponse<String>> report) throws Exception {
        return atOnce(THREADS, report);
    }

    private List<HttpResponse<String>> atOnce(int count, IntFunction<HttpResponse<String>> report) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(count);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
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

    /**
     * One group of seven reports in one transaction, as the intake's writer takes them from its queue: a report that
     * breaks a rule, or repeats one, gets its own answer and writes nothing, and the others are recorded, including a
     * refund of a sale recorded earlier in the same group. The group is not redone one report at a time.
     */
    @Test
    void aGroupInWhichReportsBreakRulesRecordsAllTheOthersAndRefusesEachWithItsOwnProblem() {
        VendorId vendorId = new VendorId(vendor.vendorId());
        double redoneBefore = meters.counter("ristourne.intake.group.redone").count();
        String firstSale = sale("ord_g1", 10_000, 4_000L);
        List<IntakeRecorder.Delivery> group = List.of(
                delivery(vendorId, firstSale),
                delivery(vendorId, SigningVendor.saleCompleted("ord_g2", customer.customerRef(), "EUR", 10_000,
                        4_000L, Instant.now().plus(Duration.ofHours(1)))),
                delivery(vendorId, sale("ord_g3", 5_000, 2_000L)),
                delivery(vendorId, SigningVendor.saleRefunded("ord_g1", "rf_g1", 1_000, Instant.now())),
                delivery(vendorId, SigningVendor.saleRefunded("ord_g3", "rf_g3", 5_001, Instant.now())),
                delivery(vendorId, firstSale),
                delivery(vendorId, SigningVendor.saleRefunded("ord_gx", "rf_gx", 100, Instant.now())),
                delivery(vendorId, sale("ord_g8", 7_000, 1_000L)));

        recorder.record(group);

        assertThat(group).extracting(ConcurrentReportsIntegrationTest::answerOf).containsExactly(
                "202 recorded", "completed-in-future", "202 recorded", "202 recorded", "refund-exceeds-remaining",
                "200 duplicate", "unknown-sale", "202 recorded");
        assertThat(meters.counter("ristourne.intake.group.redone").count()).isEqualTo(redoneBefore);
        for (String saleId : List.of("ord_g1", "ord_g3", "ord_g8")) {
            assertThat(eventsOf(saleId, "SaleReported")).as(saleId).isEqualTo(1);
        }
        assertThat(eventsOf("ord_g2", "SaleReported")).isZero();
        assertThat(refundsRecorded(vendor.vendorId(), "ord_g1")).hasSize(1);
        assertThat(refundsRecorded(vendor.vendorId(), "ord_g3")).isEmpty();
        assertThat(jdbc.queryForList("select vendor_sale_id from sale_intake where vendor_id = ? order by 1",
                String.class, vendor.vendorId())).containsExactly("ord_g1", "ord_g3", "ord_g8");
        assertThat(jdbc.queryForList("select refund_id from refund_intake where vendor_id = ?", String.class,
                vendor.vendorId())).containsExactly("rf_g1");
        assertThat(jdbc.queryForList("select webhook_id from webhook_delivery where vendor_id = ?", String.class,
                vendor.vendorId())).containsExactlyInAnyOrder(group.get(0).webhookId(), group.get(2).webhookId(),
                group.get(3).webhookId(), group.get(7).webhookId());
    }

    /** The same over HTTP: sixteen sales at once, two of which break a rule, each answered for itself. */
    @RepeatedTest(3)
    void sixteenSalesAtOnceWithTwoBreakingARuleAreEachAnsweredForThemselves() throws Exception {
        List<HttpResponse<String>> responses = atOnce(16, i -> vendor.send(i % 8 == 3
                ? SigningVendor.saleCompleted("ord_f" + i, customer.customerRef(), "EUR", 10_000, 4_000L,
                        Instant.now().plus(Duration.ofDays(1)))
                : sale("ord_f" + i, 10_000 + i, 1_000L)));

        for (int i = 0; i < 16; i++) {
            if (i % 8 == 3) {
                assertThat(responses.get(i).statusCode()).as(responses.get(i).body()).isEqualTo(422);
                assertThat(responses.get(i).body()).contains("/problems/completed-in-future");
                assertThat(eventsOf("ord_f" + i, "SaleReported")).isZero();
            } else {
                assertThat(responses.get(i).statusCode()).as(responses.get(i).body()).isEqualTo(202);
                assertThat(eventsOf("ord_f" + i, "SaleReported")).isEqualTo(1);
            }
        }
    }

    private static IntakeRecorder.Delivery delivery(VendorId vendorId, String body) {
        return new IntakeRecorder.Delivery(vendorId, SigningVendor.newWebhookId(), VendorReportParser.sha256(body),
                new VendorReportParser().parse(body));
    }

    /** "202 recorded", "200 duplicate", or the refusal's problem type. */
    private static String answerOf(IntakeRecorder.Delivery delivery) {
        return delivery.answer().handle((outcome, failure) -> outcome != null
                ? outcome.status().value() + " " + outcome.result()
                : failure instanceof RuleViolation violation ? violation.code()
                : failure instanceof IntakeRejection rejection ? rejection.code() : failure.toString()).join();
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
