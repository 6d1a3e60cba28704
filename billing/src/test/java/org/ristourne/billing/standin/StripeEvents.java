package org.ristourne.billing.standin;

import com.google.gson.JsonObject;
import com.stripe.Stripe;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stripe webhook events as Stripe sends them: an event envelope (Stripe's sample event) around an object, with the
 * library's pinned API version, and a {@code Stripe-Signature} header computed as Stripe documents it:
 * {@code t=<unix seconds>,v1=<hex HMAC-SHA256 over "<t>.<payload>" keyed with the whole whsec_ secret>}. Written out
 * here rather than borrowed from stripe-java, so that stripe-java verifying it is a real check of both.
 */
public final class StripeEvents {

    private StripeEvents() {
    }

    /** The raw JSON body of event {@code eventId} of {@code type} about {@code object}, created at {@code created}. */
    public static String event(String eventId, String type, JsonObject object, Instant created) {
        JsonObject event = StripeFixtures.object("event");
        event.addProperty("id", eventId);
        event.addProperty("type", type);
        event.addProperty("api_version", Stripe.API_VERSION);
        event.addProperty("created", created.getEpochSecond());
        event.addProperty("pending_webhooks", 1);
        JsonObject data = new JsonObject();
        data.add("object", object.deepCopy());
        event.add("data", data);
        return event.toString();
    }

    /** The {@code Stripe-Signature} header Stripe sends with {@code payload}, signed at {@code signedAt}. */
    public static String signature(String payload, String webhookSecret, Instant signedAt) {
        long t = signedAt.getEpochSecond();
        return "t=" + t + ",v1=" + hmacSha256Hex(webhookSecret, t + "." + payload);
    }

    private static String hmacSha256Hex(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
