package org.ristourne.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Drives the operator API over HTTP with Basic credentials, failing loudly on any unexpected status. */
public final class OperatorClient {

    public static final String PASSWORD = "test-operator-password";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The first operator account's name, created from the configuration on start (OperatorBootstrap). */
    public static final String NAME = "operator";

    private final String baseUrl;
    private final String name;
    private final String password;

    public OperatorClient(String baseUrl) {
        this(baseUrl, NAME, PASSWORD);
    }

    /** As a named operator with their own password. */
    public OperatorClient(String baseUrl, String name, String password) {
        this.baseUrl = baseUrl;
        this.name = name;
        this.password = password;
    }

    public record Customer(String customerId, String relationshipId, String customerRef) {
    }

    /** Onboards a vendor taking EUR, JPY and KWD; returns its signing secret. */
    public String onboardVendor(String vendorId, int shareBps, int brokerFeeBps, int holdDays) {
        JsonNode answer = call("POST", "/operator/vendors", """
                {"vendorId":"%s","displayName":"Vendor %s","agreement":{"shareBps":%d,"brokerFeeBps":%d,\
                "holdDays":%d,"currencies":["EUR","JPY","KWD"]}}""".formatted(vendorId, vendorId, shareBps,
                brokerFeeBps, holdDays), 201);
        return answer.get("webhookSecret").asString();
    }

    /** A customer subscribed from a year ago to a year ahead, with an open relationship with the vendor. */
    public Customer subscribedCustomerOf(String vendorId) {
        String customerId = call("POST", "/operator/customers", "{}", 201).get("customerId").asString();
        Instant now = Instant.now();
        call("POST", "/operator/customers/" + customerId + "/subscription-periods",
                "{\"activeFrom\":\"%s\",\"activeUntil\":\"%s\",\"amountPaid\":{\"amount\":5988,\"currency\":\"EUR\"}}"
                        .formatted(now.minus(Duration.ofDays(365)),
                        now.plus(Duration.ofDays(365))), 204);
        JsonNode relationship = call("POST", "/operator/customers/" + customerId + "/relationships",
                "{\"vendorId\":\"%s\"}".formatted(vendorId), 201);
        return new Customer(customerId, relationship.get("relationshipId").asString(),
                relationship.get("customerRef").asString());
    }

    public JsonNode call(String method, String path, String body, int expectedStatus) {
        HttpResponse<String> response = raw(method, path, body, password);
        if (response.statusCode() != expectedStatus) {
            throw new AssertionError(method + " " + path + " answered " + response.statusCode() + " instead of "
                    + expectedStatus + ": " + response.body());
        }
        return response.body() == null || response.body().isBlank() ? JSON.createObjectNode()
                : JSON.readTree(response.body());
    }

    public HttpResponse<String> raw(String method, String path, String body, String password) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path));
        if (password != null) {
            builder.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((name + ":" + password)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        HttpRequest request = builder
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("request to the broker failed", e);
        }
    }

    public static Map<String, String> testProperties() {
        return Map.of("ristourne.operator.password", PASSWORD);
    }
}
