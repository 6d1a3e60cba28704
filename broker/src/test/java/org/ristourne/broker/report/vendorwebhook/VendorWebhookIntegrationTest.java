package org.ristourne.broker.report.vendorwebhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.ristourne.support.LoopbackCaller;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.SigningVendor;

/**
 * The webhook's contract case by case; after every refusal a check that not one row anywhere changed.
 */
abstract class VendorWebhookIntegrationTest extends VendorWebhookTestSupport {

    @Test
    void validReportIsRecordedOnceAndItsRepeatsAnswer200() {
        String body = sale("ord_1001", 12_999, 4_200L);
        String webhookId = SigningVendor.newWebhookId();

        HttpResponse<String> first = vendor.send(webhookId, body);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(eventsOf("ord_1001", "SaleReported")).isEqualTo(1);

        HttpResponse<String> sameDelivery = vendor.send(webhookId, body);
        assertThat(sameDelivery.statusCode()).isEqualTo(200);
        HttpResponse<String> sameSaleNewDelivery = vendor.send(body);
        assertThat(sameSaleNewDelivery.statusCode()).isEqualTo(200);
        assertThat(eventsOf("ord_1001", "SaleReported")).isEqualTo(1);
    }

    @Test
    void sameSaleWithOtherContentConflicts() {
        assertThat(vendor.send(sale("ord_2", 10_000, 3_000L)).statusCode()).isEqualTo(202);
        assertRefusedWithoutTrace(409, "sale-conflict", () -> vendor.send(sale("ord_2", 10_000, 3_001L)));
        assertThat(eventsOf("ord_2", "SaleReported")).isEqualTo(1);
    }

    /** One line mimicking two: equal once fields are joined with unescaped tabs and newlines, yet another sale. */
    @Test
    void sameSaleWhoseLineDescriptionsShiftFieldBoundariesConflicts() {
        Instant completedAt = Instant.now();
        String oneLine = saleWithLines("ord_shift", customer.customerRef(), "EUR", 300, 30L, completedAt, """
                {"description":"Boots\\t1\\t100\\nLaces","quantity":2,"amount":200}""");
        String twoLines = saleWithLines("ord_shift", customer.customerRef(), "EUR", 300, 30L, completedAt, """
                {"description":"Boots","quantity":1,"amount":100},{"description":"Laces","quantity":2,"amount":200}""");

        assertThat(vendor.send(oneLine).statusCode()).isEqualTo(202);
        assertRefusedWithoutTrace(409, "sale-conflict", () -> vendor.send(twoLines));
        assertThat(eventsOf("ord_shift", "SaleReported")).isEqualTo(1);
    }

    @Test
    void sameWebhookIdWithAnotherBodyConflicts() {
        String webhookId = SigningVendor.newWebhookId();
        assertThat(vendor.send(webhookId, sale("ord_3", 10_000, 3_000L)).statusCode()).isEqualTo(202);
        assertRefusedWithoutTrace(409, "webhook-id-reused", () -> vendor.send(webhookId, sale("ord_4", 10_000, 1L)));
    }

    @Test
    void badSignaturesAndStaleOrMissingHeadersAre401() {
        String body = sale("ord_sig", 5_000, 1_000L);
        long now = Instant.now().getEpochSecond();
        String otherSecret = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        assertRefusedWithoutTrace(401, "invalid-signature", () -> vendor.send("msg_1", now,
                SigningVendor.sign(otherSecret, "msg_1", now, body), body, "application/json"));
        assertRefusedWithoutTrace(401, "invalid-signature", () -> vendor.send("msg_2", now,
                SigningVendor.sign(secret, "msg_2", now, body), body.replace("5000", "5001"), "application/json"));
        // The tolerance is 5 minutes; half a minute beyond it keeps the test clear of the requests' own duration.
        long stale = Instant.now().getEpochSecond() - 330;
        assertRefusedWithoutTrace(401, "stale-timestamp", () -> vendor.send("msg_3", stale,
                SigningVendor.sign(secret, "msg_3", stale, body), body, "application/json"));
        long future = Instant.now().getEpochSecond() + 330;
        assertRefusedWithoutTrace(401, "stale-timestamp", () -> vendor.send("msg_4", future,
                SigningVendor.sign(secret, "msg_4", future, body), body, "application/json"));
        assertRefusedWithoutTrace(401, "missing-signature-headers", () -> vendor.send(null, now,
                SigningVendor.sign(secret, "msg_5", now, body), body, "application/json"));
        assertRefusedWithoutTrace(401, "missing-signature-headers", () -> vendor.send("msg_6", now, null, body,
                "application/json"));
        assertRefusedWithoutTrace(401, "missing-signature-headers", () -> vendor.send("msg_7", 0,
                SigningVendor.sign(secret, "msg_7", now, body), body, "application/json"));
    }

    @Test
    void unknownVendorIs404() {
        SigningVendor stranger = new SigningVendor(baseUrl(), "no-such-vendor", secret);
        assertRefusedWithoutTrace(404, "unknown-vendor", () -> stranger.send(sale("ord_x", 1_000, 100L)));
    }

    @Test
    void malformedReportsAre400() {
        assertRefusedWithoutTrace(400, "malformed-report", () -> vendor.send("{\"type\":\"sale.completed\","));
        assertRefusedWithoutTrace(400, "malformed-report", () -> vendor.send("[1,2]"));
        assertRefusedWithoutTrace(400, "malformed-report",
                () -> vendor.send(sale("ord_t", 1_000, 100L).replace("\"amount\":1000,\"margin\"",
                        "\"amount\":\"1000\",\"margin\"")));
        assertRefusedWithoutTrace(400, "malformed-report",
                () -> vendor.send(sale("ord_t", 1_000, 100L).replace("\"margin\":100", "\"margin\":1.5")));
        assertRefusedWithoutTrace(400, "malformed-report",
                () -> vendor.send(sale("ord_t", 1_000, 100L).replace("\"completedAt\":\"", "\"completedAt\":\"x")));
        assertRefusedWithoutTrace(400, "malformed-report",
                () -> vendor.send(sale("ord_t", 1_000, 100L).replace("\"saleId\":\"ord_t\",", "")));
        assertRefusedWithoutTrace(400, "unknown-event-type",
                () -> vendor.send(sale("ord_t", 1_000, 100L).replace("sale.completed", "sale.shipped")));
    }

    @Test
    void reportsThatBreakARuleAre422() {
        assertRefusedWithoutTrace(422, "non-positive-amount", () -> vendor.send(sale("ord_z", 0, 0L)));
        assertRefusedWithoutTrace(422, "non-positive-amount", () -> vendor.send(sale("ord_n", -100, 0L)));
        assertRefusedWithoutTrace(422, "margin-above-amount", () -> vendor.send(sale("ord_m", 1_000, 1_001L)));
        assertRefusedWithoutTrace(422, "unsupported-currency", () -> vendor.send(SigningVendor.saleCompleted(
                "ord_c", customer.customerRef(), "USD", 1_000, 100L, Instant.now())));
        assertRefusedWithoutTrace(422, "unsupported-currency", () -> vendor.send(SigningVendor.saleCompleted(
                "ord_c", customer.customerRef(), "XYZ", 1_000, 100L, Instant.now())));
        assertRefusedWithoutTrace(422, "unknown-customer-ref", () -> vendor.send(SigningVendor.saleCompleted(
                "ord_r", "cref_" + "a".repeat(26), "EUR", 1_000, 100L, Instant.now())));
        assertRefusedWithoutTrace(422, "unsupported-currency", () -> vendor.send(SigningVendor.saleCompleted(
                "ord_c", customer.customerRef(), "EURO", 1_000, 100L, Instant.now())));
        assertRefusedWithoutTrace(422, "unknown-customer-ref", () -> vendor.send(SigningVendor.saleCompleted(
                "ord_r", "customer-42", "EUR", 1_000, 100L, Instant.now())));
        assertRefusedWithoutTrace(422, "margin-required", () -> vendor.send(sale("ord_nm", 1_000, null)));
        assertRefusedWithoutTrace(422, "customer-not-subscribed", () -> vendor.send(SigningVendor.saleCompleted(
                "ord_old", customer.customerRef(), "EUR", 1_000, 100L, Instant.now().minus(Duration.ofDays(400)))));
        assertRefusedWithoutTrace(422, "unknown-sale", () -> vendor.send(
                SigningVendor.saleRefunded("ord_never", "rf_1", 100, Instant.now())));
    }

    @Test
    void closedCustomerRefIs422() {
        operator.call("DELETE", "/operator/relationships/" + customer.relationshipId(), null, 204);
        assertRefusedWithoutTrace(422, "closed-customer-ref", () -> vendor.send(sale("ord_closed", 1_000, 100L)));
    }

    @Test
    void refundsAreCumulativeAndNeverBeyondTheAmount() {
        assertThat(vendor.send(sale("ord_rf", 12_999, 4_200L)).statusCode()).isEqualTo(202);
        assertThat(vendor.send(SigningVendor.saleRefunded("ord_rf", "rf_1", 5_000, Instant.now())).statusCode())
                .isEqualTo(202);
        assertRefusedWithoutTrace(422, "refund-exceeds-remaining", () -> vendor.send(
                SigningVendor.saleRefunded("ord_rf", "rf_2", 8_000, Instant.now())));
        assertRefusedWithoutTrace(409, "refund-conflict", () -> vendor.send(
                SigningVendor.saleRefunded("ord_rf", "rf_1", 4_000, Instant.now())));
        assertThat(vendor.send(SigningVendor.saleRefunded("ord_rf", "rf_2", 7_999, Instant.now())).statusCode())
                .isEqualTo(202);
        assertThat(eventsOf("ord_rf", "SaleRefunded")).isEqualTo(2);
        assertRefusedWithoutTrace(422, "refund-exceeds-remaining", () -> vendor.send(
                SigningVendor.saleRefunded("ord_rf", "rf_3", 1, Instant.now())));
    }

    @Test
    void aRefundDatedInTheFutureIsRefused() {
        assertThat(vendor.send(sale("ord_future_refund", 12_999, 4_200L)).statusCode()).isEqualTo(202);
        assertRefusedWithoutTrace(422, "refunded-in-future", () -> vendor.send(SigningVendor.saleRefunded(
                "ord_future_refund", "rf_future", 1_000, Instant.now().plus(Duration.ofHours(1)))));
        assertThat(eventsOf("ord_future_refund", "SaleRefunded")).isZero();
    }

    @Test
    void wrongMediaTypeIs415AndOversizedBodyIs413() {
        String body = sale("ord_media", 1_000, 100L);
        long now = Instant.now().getEpochSecond();
        assertRefusedWithoutTrace(415, "unsupported-media-type", () -> vendor.send("msg_m", now,
                SigningVendor.sign(secret, "msg_m", now, body), body, "text/plain"));
        String huge = body.replace("\"lines\":[", "\"padding\":\"" + "x".repeat(70_000) + "\",\"lines\":[");
        assertRefusedWithoutTrace(413, "body-too-large", () -> vendor.send(huge));
    }

    /**
     * Only JSON in UTF-8 is read: a wildcard says the sender does not know what it sends. Sent from a loopback
     * address of their own, so that these refusals do not count against 127.0.0.1, which the other tests call from.
     */
    @Test
    void aContentTypeThatIsNotExactlyJsonInUtf8Is415() {
        String body = sale("ord_media2", 1_000, 100L);
        for (String type : List.of("*/*", "application/*", "*/json", "application/xml", "application/jsonx",
                "application/json; charset=ISO-8859-1", "application/json; charset=\"no such charset\"",
                "application/json; charset=\u00e9t\u00e9", "json", "")) {
            assertRawRefusedWithoutTrace(415, "unsupported-media-type", () -> LoopbackCaller.fresh(port).post(
                    "/webhooks/vendors/" + vendor.vendorId(), signedHeaders(body, "Content-Type: " + type), body));
        }
        assertThat(LoopbackCaller.fresh(port).post("/webhooks/vendors/" + vendor.vendorId(),
                signedHeaders(body, "Content-Type: application/vnd.shop+json; charset=utf-8"), body).status())
                .as("a JSON type by its suffix, in UTF-8").isEqualTo(202);
    }

    /**
     * Header values that are not printable ASCII (UTF-8 bytes, control characters), which the request firewall
     * refuses as they are read, are malformed headers; paths with encoded slashes, ";" or ".." are refused before any
     * chain. A 4xx with a problem document each, never a 500.
     */
    @Test
    void headerBytesAndPathsTheFirewallRefusesAre400WithAProblem() {
        String body = sale("ord_firewall", 1_000, 100L);
        String path = "/webhooks/vendors/" + vendor.vendorId();
        byte[] utf8Id = "webhook-id: msg_\u00e9t\u00e9_\u2603".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] controlInSignature = "webhook-signature: v1,abc\u0085def".getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1);
        // U+2603 in UTF-8 holds bytes 0x98 and 0x83, which read as ISO-8859-1 are C1 control characters
        for (List<byte[]> headers : List.of(List.of(utf8Id), List.of(controlInSignature))) {
            List<byte[]> lines = new ArrayList<>(signedHeaders(body, "Content-Type: application/json"));
            lines.addAll(0, headers);
            assertRawRefusedWithoutTrace(400, "malformed-header",
                    () -> LoopbackCaller.fresh(port).post(path, lines, body));
        }
        for (String refusedPath : List.of(path + ";jsessionid=x", "/webhooks/vendors/%2e%2e/stripe",
                "/webhooks//vendors/" + vendor.vendorId())) {
            LoopbackCaller.Answer answer = assertRawRefusedWithoutTrace(400, "malformed-request",
                    () -> LoopbackCaller.fresh(port).post(refusedPath, signedHeaders(body,
                            "Content-Type: application/json"), body));
            assertThat(answer.text()).as("the headers of every JSON answer").contains("X-Content-Type-Options: nosniff",
                    "Content-Security-Policy: default-src 'none'");
        }
        LoopbackCaller.Answer encodedSlash = LoopbackCaller.fresh(port).post("/webhooks/vendors%2F"
                + vendor.vendorId(), signedHeaders(body, "Content-Type: application/json"), body);
        assertThat(encodedSlash.status()).as("refused by the servlet container itself").isEqualTo(400);
        assertThat(eventsOf("ord_firewall", "SaleReported")).isZero();
    }

    /** The Standard Webhooks headers of a fresh delivery of this body, and one more header line as given. */
    private List<byte[]> signedHeaders(String body, String extraLine) {
        String webhookId = SigningVendor.newWebhookId();
        long now = Instant.now().getEpochSecond();
        List<byte[]> lines = new ArrayList<>();
        for (String line : List.of("webhook-id: " + webhookId, "webhook-timestamp: " + now,
                "webhook-signature: " + SigningVendor.sign(secret, webhookId, now, body), extraLine)) {
            lines.add(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return lines;
    }

    @Test
    void suspendedVendorIsRefusedAndReinstatedVendorAccepted() {
        operator.call("POST", "/operator/vendors/" + vendor.vendorId() + "/suspension", "{\"reason\":\"unpaid\"}", 204);
        assertRefusedWithoutTrace(403, "vendor-suspended", () -> vendor.send(sale("ord_s", 1_000, 100L)));
        operator.call("DELETE", "/operator/vendors/" + vendor.vendorId() + "/suspension", null, 204);
        assertThat(vendor.send(sale("ord_s", 1_000, 100L)).statusCode()).isEqualTo(202);
    }

    @Test
    void agreementChangesApplyOnlyToSalesCompletedAfterThem() {
        Instant before = Instant.now();
        operator.call("PUT", "/operator/vendors/" + vendor.vendorId() + "/agreement", """
                {"shareBps":3000,"brokerFeeBps":1000,"holdDays":7,"currencies":["EUR"]}""", 200);
        assertThat(vendor.send(SigningVendor.saleCompleted("ord_v1", customer.customerRef(), "EUR", 1_000, 100L,
                before)).statusCode()).isEqualTo(202);
        assertThat(vendor.send(SigningVendor.saleCompleted("ord_v2", customer.customerRef(), "EUR", 1_000, 100L,
                Instant.now().plusMillis(10))).statusCode()).isEqualTo(202);
        assertThat(payloadOf("ord_v1")).contains("\"version\":1");
        assertThat(payloadOf("ord_v2")).contains("\"version\":2");
    }

    private String payloadOf(String saleId) {
        byte[] payload = jdbc.queryForObject("""
                select payload from domain_event_entry where aggregate_identifier = ? and payload_type like ?
                """, byte[].class, vendor.vendorId() + "/" + saleId, "%.SaleReported");
        return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void concurrentDeliveriesOfOneReportRecordOneSale() throws Exception {
        String body = sale("ord_race", 12_999, 4_200L);
        String webhookId = SigningVendor.newWebhookId();
        ExecutorService threads = Executors.newFixedThreadPool(16);
        List<Callable<Integer>> deliveries = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            deliveries.add(() -> vendor.send(webhookId, body).statusCode());
        }
        List<Integer> statuses = new ArrayList<>();
        try {
            for (Future<Integer> status : threads.invokeAll(deliveries)) {
                statuses.add(status.get());
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(statuses).containsOnly(200, 202);
        assertThat(statuses).filteredOn(status -> status == 202).hasSize(1);
        assertThat(eventsOf("ord_race", "SaleReported")).isEqualTo(1);
    }

    @Test
    void duringTheOverlapBothSecretsVerifyAndAfterItOnlyTheNewOne() {
        String newSecret = operator.call("POST", "/operator/vendors/" + vendor.vendorId() + "/webhook-secrets",
                "{\"overlapMinutes\":60}", 201).get("webhookSecret").asString();
        SigningVendor withNewSecret = new SigningVendor(baseUrl(), vendor.vendorId(), newSecret);

        assertThat(vendor.send(sale("ord_old_secret", 1_000, 100L)).statusCode()).isEqualTo(202);
        assertThat(withNewSecret.send(sale("ord_new_secret", 1_000, 100L)).statusCode()).isEqualTo(202);

        clock.advance(Duration.ofMinutes(61));
        try {
            assertRefusedWithoutTrace(401, "invalid-signature", () -> vendor.send(sale("ord_after", 1_000, 100L)));
            // A vendor mid-switch may sign with both secrets; one valid signature is enough.
            String body = sale("ord_both", 1_000, 100L);
            long now = Instant.now().getEpochSecond();
            String both = SigningVendor.sign(secret, "msg_both", now, body) + " "
                    + SigningVendor.sign(newSecret, "msg_both", now, body);
            assertThat(vendor.send("msg_both", now, both, body, "application/json").statusCode()).isEqualTo(202);
            assertThat(withNewSecret.send(sale("ord_after", 1_000, 100L)).statusCode()).isEqualTo(202);
        } finally {
            clock.reset();
        }
    }

    @Test
    void holdDeadlineConfirmsTheSaleThroughThePersistentScheduler() {
        String vendorId = "nohold-" + UUID.randomUUID().toString().substring(0, 8);
        SigningVendor noHold = new SigningVendor(baseUrl(), vendorId,
                operator.onboardVendor(vendorId, 2000, 2500, 0));
        OperatorClient.Customer buyer = operator.subscribedCustomerOf(vendorId);
        assertThat(noHold.send(SigningVendor.saleCompleted("ord_now", buyer.customerRef(), "EUR", 1_000, 100L,
                Instant.now())).statusCode()).isEqualTo(202);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("""
                select count(*) from domain_event_entry where aggregate_identifier = ? and payload_type like ?
                """, Long.class, vendorId + "/ord_now", "%.SaleConfirmed") == 1);
    }
}
