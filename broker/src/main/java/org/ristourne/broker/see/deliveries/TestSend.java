package org.ristourne.broker.see.deliveries;

import com.standardwebhooks.Webhook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.vendor.WebhookSecrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Signs a sample sale report with the vendor's current secret, read where the intake reads it, and posts it over
 * real HTTP to this broker's own webhook, so that the answer is exactly what the vendor's system would get.
 *
 * <p>A test must never become a sale: its customerRef ({@value #TEST_CUSTOMER_REF}) cannot exist, as every real one
 * has the shape {@code cref_} and 26 base32 letters, so the intake refuses it with {@code unknown-customer-ref}
 * (422) before it writes anything but the delivery log's row. The answer therefore proves the whole chain (URL,
 * signature with the current secret, JSON, rules) without a sale to undo.
 */
@Component
class TestSend {

    private static final Logger log = LoggerFactory.getLogger(TestSend.class);
    static final String TEST_CUSTOMER_REF = "test-send-not-a-customer";
    /** Test sends' webhook ids start with this, so the log shows them for what they are. */
    static final String WEBHOOK_ID_PREFIX = "msg_test_";
    private static final int MAX_BODY_SHOWN = 4000;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /**
     * @param status the HTTP status, or 0 when no answer came
     * @param body   the answer's body as sent (at most a few thousand characters), or why none came
     */
    record Result(String webhookId, int status, @Nullable String contentType, String body) {

        public boolean answered() {
            return status > 0;
        }
    }

    private final WebhookSecrets secrets;
    private final Clock clock;

    TestSend(WebhookSecrets secrets, Clock clock) {
        this.secrets = secrets;
        this.clock = clock;
    }

    /**
     * @param brokerUrl where this broker answers from itself (scheme, host, port and context path)
     * @return nothing when the vendor has no secret valid now
     */
    @Nullable Result send(VendorId vendor, String brokerUrl) {
        // newest first: during a rotation's overlap the first is the new secret, which is the current one
        List<String> valid = secrets.validSecretsOfVendor(vendor).orElse(List.of());
        if (valid.isEmpty()) {
            return null;
        }
        String webhookId = WEBHOOK_ID_PREFIX + UUID.randomUUID();
        Instant now = clock.instant();
        String body = sample(now);
        HttpRequest request;
        try {
            String signature = new Webhook(valid.get(0)).sign(webhookId, now.getEpochSecond(), body);
            request = HttpRequest.newBuilder(URI.create(brokerUrl + "/webhooks/vendors/" + vendor.value()))
                    .timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json")
                    .header("webhook-id", webhookId)
                    .header("webhook-timestamp", Long.toString(now.getEpochSecond()))
                    .header("webhook-signature", signature)
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
        } catch (Exception e) {
            throw new IllegalStateException("the test report of vendor " + vendor + " could not be signed", e);
        }
        try {
            HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            String shown = answer.body().length() > MAX_BODY_SHOWN
                    ? answer.body().substring(0, MAX_BODY_SHOWN) + "…" : answer.body();
            return new Result(webhookId, answer.statusCode(),
                    answer.headers().firstValue("Content-Type").orElse(null), shown);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(webhookId, 0, null, "interrupted");
        } catch (Exception e) {
            log.warn("Test send of vendor {} to {} got no answer: {}", vendor, brokerUrl, e.toString());
            return new Result(webhookId, 0, null, e.toString());
        }
    }

    private static String sample(Instant now) {
        String saleId = "test-" + UUID.randomUUID().toString().substring(0, 18);
        return """
                {"type":"sale.completed","timestamp":"%s","data":{"saleId":"%s","customerRef":"%s",\
                "currency":"EUR","amount":12999,"margin":4200,"completedAt":"%s",\
                "lines":[{"description":"Test send from the vendor console","quantity":1,"amount":12999}]}}"""
                .formatted(now, saleId, TEST_CUSTOMER_REF, now);
    }
}
