package org.ristourne.support;

import com.google.gson.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.ristourne.billing.standin.StripeEvents;
import org.ristourne.billing.standin.StripeStandIn;

/** Posts a Stripe event to a running broker's {@code /webhooks/stripe}, signed exactly as Stripe signs it. */
public final class SignedStripeWebhook {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SignedStripeWebhook() {
    }

    public static HttpResponse<String> post(int port, String eventId, String type, JsonObject object) {
        String body = StripeEvents.event(eventId, type, object, Instant.now());
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/stripe"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json; charset=utf-8")
                .header("Stripe-Signature", StripeEvents.signature(body, StripeStandIn.WEBHOOK_SECRET, Instant.now()))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new AssertionError("POST /webhooks/stripe failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while posting to /webhooks/stripe", e);
        }
    }
}
