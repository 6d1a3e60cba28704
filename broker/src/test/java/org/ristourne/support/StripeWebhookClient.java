package org.ristourne.support;

import com.google.gson.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.ristourne.billing.standin.StripeEvents;
import org.ristourne.billing.standin.StripeFixtures;
import org.ristourne.billing.standin.StripeStandIn;

/** Sends Stripe events to a running broker's {@code /webhooks/stripe}, signed as Stripe signs them. */
public final class StripeWebhookClient {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI endpoint;

    public StripeWebhookClient(int port) {
        this.endpoint = URI.create("http://127.0.0.1:" + port + "/webhooks/stripe");
    }

    public static String newEventId() {
        return "evt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    /** A new event of that type around the object, expected to be answered 200; its answer's body. */
    public String send(String type, JsonObject object) {
        return send(newEventId(), type, object, Instant.now());
    }

    /** The event with this id, created at {@code created}, expected to be answered 200; its answer's body. */
    public String send(String eventId, String type, JsonObject object, Instant created) {
        String body = StripeEvents.event(eventId, type, object, created);
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Stripe-Signature", StripeEvents.signature(body, StripeStandIn.WEBHOOK_SECRET, Instant.now()))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(type + " " + eventId + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError("POST /webhooks/stripe failed", e);
        }
    }

    /** A paid subscription invoice of that Stripe customer for [from, until), from Stripe's sample invoice. */
    public static JsonObject paidSubscriptionInvoice(String stripeCustomerId, long amountPaid, Instant from,
                                                     Instant until) {
        JsonObject invoice = StripeFixtures.object("invoice");
        invoice.addProperty("id", "in_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20));
        invoice.addProperty("customer", stripeCustomerId);
        invoice.addProperty("status", "paid");
        invoice.addProperty("billing_reason", "subscription_cycle");
        invoice.addProperty("currency", "eur");
        invoice.addProperty("amount_paid", amountPaid);
        invoice.addProperty("total", amountPaid);
        invoice.addProperty("starting_balance", 0);
        invoice.addProperty("ending_balance", 0);
        JsonObject period = invoice.getAsJsonObject("lines").getAsJsonArray("data").get(0).getAsJsonObject()
                .getAsJsonObject("period");
        period.addProperty("start", from.getEpochSecond());
        period.addProperty("end", until.getEpochSecond());
        return invoice;
    }
}
