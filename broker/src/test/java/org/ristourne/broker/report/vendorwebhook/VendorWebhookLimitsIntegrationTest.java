package org.ristourne.broker.report.vendorwebhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ristourne.support.DatabaseSnapshot;
import org.ristourne.support.Processors;
import org.ristourne.support.SigningVendor;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every input of the webhook at its documented limit is accepted, and one step past it is refused before anything
 * touches the database: a 400 naming the header or field (a path that cannot be a vendor id is simply not found),
 * and not one row changed. A source whose requests keep failing before their signature passes is throttled: past its
 * burst it gets 429 without a database query, while the vendor's correctly signed reports go through.
 */
abstract class VendorWebhookLimitsIntegrationTest extends VendorWebhookTestSupport {

    static final long MAX_AMOUNT = 1_000_000_000_000_000L;
    /** Forged reports sent once the source is throttled. */
    private static final int FLOOD = 200;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String FORGER_SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "not the vendor's secret, 32 byte".getBytes(StandardCharsets.US_ASCII));

    @Autowired
    IntakeProperties properties;

    @Autowired
    MeterRegistry meters;

    enum Input {
        VENDOR_ID_PATH(404, "unknown-vendor", "vendor"),
        WEBHOOK_ID(400, "malformed-header", "webhook-id"),
        WEBHOOK_TIMESTAMP(400, "malformed-header", "webhook-timestamp"),
        WEBHOOK_SIGNATURE(400, "malformed-header", "webhook-signature"),
        SALE_ID(400, "malformed-report", "data.saleId"),
        CUSTOMER_REF(400, "malformed-report", "data.customerRef"),
        CURRENCY(400, "malformed-report", "data.currency"),
        AMOUNT(400, "malformed-report", "data.amount"),
        MARGIN(400, "malformed-report", "data.margin"),
        LINE_COUNT(400, "malformed-report", "data.lines"),
        LINE_DESCRIPTION(400, "malformed-report", "data.lines[0].description"),
        LINE_QUANTITY(400, "malformed-report", "data.lines[0].quantity"),
        LINE_AMOUNT(400, "malformed-report", "data.lines[0].amount"),
        REFUND_ID(400, "malformed-report", "data.refundId"),
        REFUND_AMOUNT(400, "malformed-report", "data.amount");

        final int status;
        final String problemType;
        final String named;

        Input(int status, String problemType, String named) {
            this.status = status;
            this.problemType = problemType;
            this.named = named;
        }
    }

    @ParameterizedTest
    @EnumSource(Input.class)
    void inputAtItsLimitIsAccepted(Input input) {
        reportTheSaleARefundNeeds(input);
        HttpResponse<String> response = send(input, 0);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    @ParameterizedTest
    @EnumSource(Input.class)
    void inputJustPastItsLimitIsRefusedNamingItWithoutTrace(Input input) {
        reportTheSaleARefundNeeds(input);
        HttpResponse<String> response = assertRefusedWithoutTrace(input.status, input.problemType,
                () -> send(input, 1));
        assertThat(response.body()).contains(input.named);
    }

    /**
     * The test client's address is always loopback, which the broker trusts as a proxy (application.yml): the flood
     * comes "through" it from an IPv6 /64 of its own, as a proxy's X-Forwarded-For says. Past the burst the flood is
     * sent while Hikari's pool is suspended: a request that needed a connection, for any query at all, would wait
     * until the pool is resumed, so every prompt answer is one that cost no query. Hikari's count of connections
     * handed out is printed too: at least one per refusal within the burst (the vendor's look-up), none meanwhile.
     */
    @Test
    void aFloodOfWronglySignedReportsIsThrottledWithoutAQueryWhileTheVendorsSignedReportsGoThrough()
            throws Exception {
        String flood = "2001:db8:" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt())
                + ":7::1";
        int burst = properties.failedAttempts().burst();
        Processors.awaitCaughtUp(processing, jdbc, Duration.ofSeconds(30));
        Map<String, List<String>> before = DatabaseSnapshot.of(dataSource);

        double acquired = acquisitions();
        for (int i = 0; i < burst; i++) {
            HttpResponse<String> refused = forged(flood);
            assertThat(refused.statusCode()).as("failure %d of the burst: %s", i + 1, refused.body()).isEqualTo(401);
            assertThat(refused.body()).contains("\"type\":\"/problems/invalid-signature\"");
        }
        double perRefusalInBurst = (acquisitions() - acquired) / burst;
        assertThat(perRefusalInBurst).as("the counter sees each refusal's look-up").isGreaterThanOrEqualTo(1);

        HikariPoolMXBean pool = dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean();
        long started = System.nanoTime();
        double acquiredWhileSuspended;
        pool.suspendPool();
        try {
            acquired = acquisitions();
            for (int i = 0; i < FLOOD; i++) {
                HttpResponse<String> answer = forged(flood);
                assertThat(answer.statusCode()).as("flood request %d: %s", i + 1, answer.body()).isEqualTo(429);
                assertThat(answer.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                        assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
                assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
                assertThat(answer.body()).contains("\"type\":\"/problems/too-many-failed-attempts\"");
            }
            acquiredWhileSuspended = acquisitions() - acquired;
        } finally {
            pool.resumePool();
        }
        System.out.printf("failed-attempt flood: %d refused 401 within the burst, %.1f pool connections each; "
                + "%d refused 429 past it in %.2f s with the pool suspended (%.0f connections handed out "
                + "meanwhile)%n", burst, perRefusalInBurst, FLOOD, (System.nanoTime() - started) / 1e9,
                acquiredWhileSuspended);

        Processors.awaitCaughtUp(processing, jdbc, Duration.ofSeconds(30));
        assertThat(DatabaseSnapshot.of(dataSource)).as("the flood left no trace").isEqualTo(before);
        HttpResponse<String> signed = vendor.send(sale("ord_during_flood", 1_000, 100L));
        assertThat(signed.statusCode()).as("the vendor's own report during the flood: " + signed.body())
                .isEqualTo(202);
        assertThat(eventsOf("ord_during_flood", "SaleReported")).isEqualTo(1);
        assertThat(forged(flood).statusCode()).as("the flood's source is still throttled").isEqualTo(429);
    }

    /** A report for the vendor, signed with a secret that is not the vendor's, sent through the test's "proxy". */
    private HttpResponse<String> forged(String forwardedFor) {
        String body = sale("ord_forged", 1_000, 100L);
        String webhookId = SigningVendor.newWebhookId();
        long now = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/webhooks/vendors/"
                        + vendor.vendorId()))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", forwardedFor)
                .header("webhook-id", webhookId)
                .header("webhook-timestamp", Long.toString(now))
                .header("webhook-signature", SigningVendor.sign(FORGER_SECRET, webhookId, now, body))
                // a request that waits on the suspended pool fails the test here rather than hanging it
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("request to the broker failed", e);
        }
    }

    /** Connections handed out by the pool so far: every query the broker makes takes one. */
    private double acquisitions() {
        Timer timer = meters.find("hikaricp.connections.acquire").timer();
        assertThat(timer).as("Hikari's metrics").isNotNull();
        return timer.count();
    }

    private void reportTheSaleARefundNeeds(Input input) {
        if (input == Input.REFUND_ID || input == Input.REFUND_AMOUNT) {
            HttpResponse<String> sale = vendor.send(sale(input, customer.customerRef(), "EUR", MAX_AMOUNT, 0,
                    line("Boots", 1, MAX_AMOUNT)));
            assertThat(sale.statusCode()).as(sale.body()).isEqualTo(202);
        }
    }

    private String sale(Input input, String customerRef, String currency, long amount, long margin, String lines) {
        return saleWithLines(saleIdFor(input), customerRef, currency, amount, margin, Instant.now(), lines);
    }

    private static String saleIdFor(Input input) {
        return "ord_" + input.name().toLowerCase();
    }

    /** Sends a report whose given input is {@code beyond} characters or units past its limit, all else valid. */
    private HttpResponse<String> send(Input input, int beyond) {
        String saleId = saleIdFor(input);
        String ref = customer.customerRef();
        long now = Instant.now().getEpochSecond();
        String body = sale(input, ref, "EUR", 10_000, 1_000, line("Boots", 1, 10_000));
        return switch (input) {
            case VENDOR_ID_PATH -> {
                String vendorId = "v" + UUID.randomUUID().toString().replace("-", "").substring(0, 8)
                        + "-".repeat(62 - 9 + beyond) + "x";
                if (beyond == 0) {
                    SigningVendor longest = new SigningVendor(baseUrl(), vendorId,
                            operator.onboardVendor(vendorId, 2000, 2500, 14));
                    yield longest.send(sale(input, operator.subscribedCustomerOf(vendorId).customerRef(), "EUR",
                            10_000, 1_000, line("Boots", 1, 10_000)));
                }
                yield new SigningVendor(baseUrl(), vendorId, secret).send(body);
            }
            case WEBHOOK_ID -> vendor.send(padded("msg_" + UUID.randomUUID(), 128 + beyond), body);
            case WEBHOOK_TIMESTAMP -> {
                String id = SigningVendor.newWebhookId();
                yield vendor.send(id, "0".repeat(20 + beyond - Long.toString(now).length()) + now,
                        SigningVendor.sign(secret, id, now, body), body);
            }
            case WEBHOOK_SIGNATURE -> {
                String id = SigningVendor.newWebhookId();
                String valid = SigningVendor.sign(secret, id, now, body);
                yield vendor.send(id, Long.toString(now),
                        valid + " " + padded("v1,", 1024 + beyond - valid.length() - 1), body);
            }
            case SALE_ID -> vendor.send(sale(padded("ord_", 128 + beyond), 10_000, 1_000L));
            // Shorter unknown refs and currencies are rules' refusals (422, reportsThatBreakARuleAre422): past the
            // length limit they cannot be either, and are refused as malformed.
            case CUSTOMER_REF -> vendor.send(sale(input, beyond == 0 ? ref : padded(ref, 128 + beyond), "EUR",
                    10_000, 1_000, line("Boots", 1, 10_000)));
            case CURRENCY -> vendor.send(sale(input, ref, beyond == 0 ? "EUR" : padded("EUR", 16 + beyond), 10_000,
                    1_000, line("Boots", 1, 10_000)));
            case AMOUNT -> vendor.send(sale(input, ref, "EUR", MAX_AMOUNT + beyond, 1_000, line("Boots", 1, 1)));
            case MARGIN -> vendor.send(sale(input, ref, "EUR", MAX_AMOUNT, MAX_AMOUNT + beyond, line("Boots", 1, 1)));
            case LINE_COUNT -> vendor.send(sale(input, ref, "EUR", 10_000, 1_000, IntStream.range(0, 500 + beyond)
                    .mapToObj(i -> line("Item " + i, 1, 20)).collect(Collectors.joining(","))));
            case LINE_DESCRIPTION -> vendor.send(sale(input, ref, "EUR", 10_000, 1_000,
                    line("d".repeat(500 + beyond), 1, 10_000)));
            case LINE_QUANTITY -> vendor.send(sale(input, ref, "EUR", 10_000, 1_000,
                    line("Boots", 1_000_000 + beyond, 10_000)));
            case LINE_AMOUNT -> vendor.send(sale(input, ref, "EUR", 10_000, 1_000,
                    line("Boots", 1, MAX_AMOUNT + beyond)));
            case REFUND_ID -> vendor.send(SigningVendor.saleRefunded(saleId, padded("rf_", 128 + beyond), 100,
                    Instant.now()));
            case REFUND_AMOUNT -> vendor.send(SigningVendor.saleRefunded(saleId, "rf_1", MAX_AMOUNT + beyond,
                    Instant.now()));
        };
    }

    private static String padded(String prefix, int length) {
        return prefix + "x".repeat(length - prefix.length());
    }
}
