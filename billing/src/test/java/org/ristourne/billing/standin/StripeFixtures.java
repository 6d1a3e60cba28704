package org.ristourne.billing.standin;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Stripe's own sample objects (src/test/resources/stripe, copied from Stripe's OpenAPI fixtures, MIT licence beside
 * them), as fresh mutable copies: a test or the stand-in changes ids, amounts and metadata and keeps Stripe's shape.
 */
public final class StripeFixtures {

    private StripeFixtures() {
    }

    /** @param type Stripe's object name: customer, customer_balance_transaction, checkout.session, invoice, … */
    public static JsonObject object(String type) {
        String resource = "/stripe/" + type.replace('.', '_') + ".json";
        try (InputStream in = StripeFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no Stripe sample object " + resource);
            }
            return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A Checkout Session in subscription mode as Stripe sends it in {@code checkout.session.completed}: complete and
     * paid, naming our customer in {@code client_reference_id} and the Stripe customer it made or was given.
     */
    public static JsonObject completedSubscriptionCheckout(String sessionId, String clientReference,
                                                           String stripeCustomerId, String currency) {
        JsonObject session = object("checkout_session");
        session.addProperty("id", sessionId);
        session.addProperty("mode", "subscription");
        session.addProperty("status", "complete");
        session.addProperty("payment_status", "paid");
        session.addProperty("client_reference_id", clientReference);
        session.addProperty("customer", stripeCustomerId);
        session.addProperty("currency", currency);
        return session;
    }
}
