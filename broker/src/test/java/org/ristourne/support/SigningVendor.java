package org.ristourne.support;

import com.standardwebhooks.Webhook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Sends reports the way a vendor's system would: Standard Webhooks signatures made by the reference library. */
public final class SigningVendor {

    /** HTTP/1.1, as vendors' systems send: the JDK's default would try to upgrade every request to HTTP/2. */
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String baseUrl;
    private final String vendorId;
    private volatile String secret;

    public SigningVendor(String baseUrl, String vendorId, String secret) {
        this.baseUrl = baseUrl;
        this.vendorId = vendorId;
        this.secret = secret;
    }

    public String vendorId() {
        return vendorId;
    }

    public void useSecret(String newSecret) {
        this.secret = newSecret;
    }

    public static String newWebhookId() {
        return "msg_" + UUID.randomUUID();
    }

    public HttpResponse<String> send(String body) {
        return send(newWebhookId(), body);
    }

    public HttpResponse<String> send(String webhookId, String body) {
        long timestamp = Instant.now().getEpochSecond();
        return send(webhookId, timestamp, sign(secret, webhookId, timestamp, body), body, "application/json");
    }

    public HttpResponse<String> send(String webhookId, long timestamp, String signature, String body,
                                     String contentType) {
        return send(webhookId, timestamp > 0 ? Long.toString(timestamp) : null, signature, body, contentType);
    }

    /** With the timestamp header exactly as given, e.g. zero-padded: it is signed as the number it denotes. */
    public HttpResponse<String> send(String webhookId, String timestamp, String signature, String body) {
        return send(webhookId, timestamp, signature, body, "application/json");
    }

    private HttpResponse<String> send(String webhookId, String timestamp, String signature, String body,
                                      String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/webhooks/vendors/" + vendorId))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (webhookId != null) {
            request.header("webhook-id", webhookId);
        }
        if (timestamp != null) {
            request.header("webhook-timestamp", timestamp);
        }
        if (signature != null) {
            request.header("webhook-signature", signature);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("request to the broker failed", e);
        }
    }

    public static String sign(String secret, String webhookId, long timestamp, String body) {
        try {
            return new Webhook(secret).sign(webhookId, timestamp, body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String saleCompleted(String saleId, String customerRef, String currency, long amount, Long margin,
                                       Instant completedAt) {
        return """
                {"type":"sale.completed","timestamp":"%s","data":{"saleId":"%s","customerRef":"%s","currency":"%s",\
                "amount":%d,%s"completedAt":"%s","lines":[{"description":"Order %s","quantity":1,"amount":%d}]}}"""
                .formatted(Instant.now(), saleId, customerRef, currency, amount,
                        margin == null ? "" : "\"margin\":" + margin + ",", completedAt, saleId, amount);
    }

    public static String saleRefunded(String saleId, String refundId, long amount, Instant refundedAt) {
        return """
                {"type":"sale.refunded","timestamp":"%s","data":{"saleId":"%s","refundId":"%s","amount":%d,\
                "refundedAt":"%s"}}""".formatted(Instant.now(), saleId, refundId, amount, refundedAt);
    }
}
