package org.ristourne.broker.report.vendorwebhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.ristourne.support.DatabaseSnapshot;
import org.ristourne.support.LoopbackCaller;
import org.ristourne.support.MutableClock;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.Processors;
import org.ristourne.support.SigningVendor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The vendor webhook as a vendor meets it: the running application on a random port, a freshly onboarded vendor
 * with one subscribed customer, reports signed with the Standard Webhooks reference library, and a check that a
 * refusal left not one row anywhere changed. The webhook's test classes share this one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ristourne.operator.password=" + OperatorClient.PASSWORD,
        "ristourne.intake.rate-per-second=10000",
        "ristourne.intake.burst=10000",
        // The tests' own failures all come from loopback; a flood's source earns no failure back during a test.
        "ristourne.intake.failed-attempts.burst=50",
        "ristourne.intake.failed-attempts.per-minute=1",
        // So that a test can prove a request took no connection: suspended, the pool hands none out until resumed.
        "spring.datasource.hikari.allow-pool-suspension=true"})
@Import(MutableClock.Config.class)
abstract class VendorWebhookTestSupport {

    @Autowired
    MutableClock clock;

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventProcessingConfiguration processing;

    OperatorClient operator;
    SigningVendor vendor;
    String secret;
    OperatorClient.Customer customer;

    @BeforeEach
    void onboardVendorWithSubscribedCustomer() {
        operator = new OperatorClient(baseUrl());
        String vendorId = "shop-" + UUID.randomUUID().toString().substring(0, 8);
        secret = operator.onboardVendor(vendorId, 2000, 2500, 14);
        vendor = new SigningVendor(baseUrl(), vendorId, secret);
        customer = operator.subscribedCustomerOf(vendorId);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    String sale(String saleId, long amount, Long margin) {
        return SigningVendor.saleCompleted(saleId, customer.customerRef(), "EUR", amount, margin, Instant.now());
    }

    long eventsOf(String saleId, String eventType) {
        return eventsOf(vendor.vendorId(), saleId, eventType);
    }

    long eventsOf(String vendorId, String saleId, String eventType) {
        return jdbc.queryForObject("""
                select count(*) from domain_event_entry where aggregate_identifier = ? and payload_type like ?
                """, Long.class, vendorId + "/" + saleId, "%." + eventType);
    }

    /** Sends a request that must be refused, and checks the answer and that every table is as it was before. */
    HttpResponse<String> assertRefusedWithoutTrace(int status, String problemType,
                                                   Supplier<HttpResponse<String>> request) {
        return refusedWithoutTrace(status, problemType, request, response -> new Answered(response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""), response.body()));
    }

    /** The same, for a request sent byte for byte from a loopback address of its own (see {@link LoopbackCaller}). */
    LoopbackCaller.Answer assertRawRefusedWithoutTrace(int status, String problemType,
                                                      Supplier<LoopbackCaller.Answer> request) {
        return refusedWithoutTrace(status, problemType, request, answer -> {
            String text = answer.text();
            int bodyStart = text.indexOf("\r\n\r\n");
            java.util.regex.Matcher type = java.util.regex.Pattern.compile("(?im)^content-type:\\s*(.*)$")
                    .matcher(text.substring(0, Math.max(0, bodyStart)));
            return new Answered(answer.status(), type.find() ? type.group(1).strip() : "",
                    bodyStart < 0 ? "" : text.substring(bodyStart + 4));
        });
    }

    private record Answered(int status, String contentType, String body) {
    }

    private <T> T refusedWithoutTrace(int status, String problemType, Supplier<T> request,
                                      java.util.function.Function<T, Answered> read) {
        Processors.awaitCaughtUp(processing, jdbc, Duration.ofSeconds(30));
        Map<String, List<String>> before = withoutDeliveryLog(DatabaseSnapshot.of(dataSource));
        long logged = jdbc.queryForObject("select count(*) from vendor_delivery", Long.class);
        T response = request.get();
        Answered answered = read.apply(response);
        assertThat(answered.status()).as(answered.body()).isEqualTo(status);
        assertThat(answered.contentType()).startsWith("application/problem+json");
        assertThat(answered.body()).contains("\"type\":\"/problems/" + problemType + "\"");
        Processors.awaitCaughtUp(processing, jdbc, Duration.ofSeconds(30));
        assertThat(withoutDeliveryLog(DatabaseSnapshot.of(dataSource))).isEqualTo(before);
        if (status == 401) {
            assertThat(jdbc.queryForObject("select count(*) from vendor_delivery", Long.class))
                    .as("an unsigned or wrongly signed request never reaches the delivery log").isEqualTo(logged);
        }
        return response;
    }

    /**
     * The vendor console's delivery log gains a row for each signed refusal, by design: it is a bounded log with no
     * business state (nothing reads it to decide anything), so it is left out of the "no trace" comparison.
     */
    private static Map<String, List<String>> withoutDeliveryLog(Map<String, List<String>> snapshot) {
        Map<String, List<String>> tables = new java.util.TreeMap<>(snapshot);
        tables.remove("vendor_delivery");
        return tables;
    }

    static String line(String description, long quantity, long amount) {
        return "{\"description\":\"%s\",\"quantity\":%d,\"amount\":%d}".formatted(description, quantity, amount);
    }

    /** A sale with the given lines (JSON objects joined with commas), all else as the caller says. */
    static String saleWithLines(String saleId, String customerRef, String currency, long amount, long margin,
                                Instant completedAt, String lines) {
        return """
                {"type":"sale.completed","timestamp":"%s","data":{"saleId":"%s","customerRef":"%s","currency":"%s",\
                "amount":%d,"margin":%d,"completedAt":"%s","lines":[%s]}}"""
                .formatted(Instant.now(), saleId, customerRef, currency, amount, margin, completedAt, lines);
    }
}
