package org.ristourne.billing.webhook;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.ristourne.billing.api.StripeEventReceived;
import org.ristourne.billing.api.StripeEventRejected;
import org.ristourne.billing.stripe.StripeSettings;

/**
 * Checks a Stripe webhook request with stripe-java's {@link Webhook#constructEvent} on the raw body, exactly as it
 * arrived: parsing the body first and signing it again would change bytes and fail the signature. An event signed more
 * than five minutes ago (Stripe's default tolerance) is refused, so a captured request cannot be replayed later; as
 * in stripe-java, a timestamp ahead of our clock is not refused (clock skew; only our secret could have signed it).
 */
public final class StripeWebhookVerifier {

    public static final Duration TOLERANCE = Duration.ofSeconds(Webhook.DEFAULT_TOLERANCE);
    /** Stripe's ids and event types are far shorter; the broker keeps them in 255 characters. */
    public static final int MAX_ID = 255;
    /** 9999-12-31T23:59:59Z in Unix seconds. */
    private static final long LAST_SECOND = 253_402_300_799L;

    private final String signingSecret;
    private final Clock clock;

    public StripeWebhookVerifier(StripeSettings settings, Clock clock) {
        this.signingSecret = settings.requireWebhookSigningSecret();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param rawBody         the request body as received
     * @param signatureHeader the {@code Stripe-Signature} header, absent if the request had none
     * @throws StripeEventRejected when the request is not a Stripe event signed with our secret within tolerance
     */
    public StripeEventReceived verify(String rawBody, @Nullable String signatureHeader) {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw new StripeEventRejected("no Stripe-Signature header");
        }
        Event event;
        try {
            event = Webhook.constructEvent(rawBody, signatureHeader, signingSecret, TOLERANCE.toSeconds(), clock);
        } catch (SignatureVerificationException e) {
            throw new StripeEventRejected("Stripe signature refused: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Signed correctly but not an event (malformed JSON, a thin event): nothing to act on.
            throw new StripeEventRejected("not a Stripe event: " + e.getMessage(), e);
        }
        // The raw object, not a typed one: a typed object is null when the event's API version differs from the
        // library's, and the broker should see such an event rather than lose it.
        String rawObject;
        try {
            rawObject = event.getData() == null ? null : event.getDataObjectDeserializer().getRawJson();
        } catch (RuntimeException e) {
            // stripe-java fails on a data without an object (NullPointerException in 33.x)
            throw new StripeEventRejected("a Stripe event whose data holds no object", e);
        }
        if (event.getId() == null || event.getType() == null || event.getCreated() == null || rawObject == null) {
            throw new StripeEventRejected("a Stripe event without id, type, created or data.object");
        }
        // Signed, yet not what Stripe sends: refused whole rather than stored in part or failing to store.
        JsonElement object = JsonParser.parseString(rawObject);
        if (!object.isJsonObject()) {
            throw new StripeEventRejected("a Stripe event whose data.object is not an object");
        }
        if (tooLong(event.getId()) || tooLong(event.getType())) {
            throw new StripeEventRejected("a Stripe event whose id or type is longer than " + MAX_ID + " characters");
        }
        if (event.getCreated() < 0 || event.getCreated() > LAST_SECOND) {
            throw new StripeEventRejected("a Stripe event created at " + event.getCreated()
                    + ", outside 1970 to 9999 in Unix seconds");
        }
        String objectId = objectId(object.getAsJsonObject());
        if (objectId != null && tooLong(objectId)) {
            throw new StripeEventRejected("a Stripe event about an object whose id is longer than " + MAX_ID
                    + " characters");
        }
        return new StripeEventReceived(event.getId(), event.getType(), objectId,
                Instant.ofEpochSecond(event.getCreated()), event.getApiVersion(), rawObject);
    }

    private static boolean tooLong(String value) {
        return value.length() > MAX_ID;
    }

    private static @Nullable String objectId(JsonObject object) {
        JsonElement id = object.get("id");
        return id == null || !id.isJsonPrimitive() ? null : id.getAsString();
    }
}
