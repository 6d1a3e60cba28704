package org.ristourne.billing.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.Stripe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.ristourne.billing.api.StripeEventReceived;
import org.ristourne.billing.api.StripeEventRejected;
import org.ristourne.billing.standin.StripeEvents;
import org.ristourne.billing.standin.StripeFixtures;
import org.ristourne.billing.stripe.StripeSettings;

class StripeWebhookVerifierTest {

    private static final String SECRET = "whsec_standin";
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private final StripeWebhookVerifier verifier = new StripeWebhookVerifier(
            StripeSettings.of("sk_test_standin", SECRET, null), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void signedEventComesOutAsBillingsRecordWithTheObjectItIsAbout() {
        JsonObject invoice = StripeFixtures.object("invoice");
        invoice.addProperty("id", "in_standin1");
        invoice.addProperty("amount_paid", 990);
        String body = StripeEvents.event("evt_standin1", "invoice.paid", invoice, NOW.minusSeconds(2));

        StripeEventReceived received = verifier.verify(body, StripeEvents.signature(body, SECRET, NOW));

        assertThat(received.eventId()).isEqualTo("evt_standin1");
        assertThat(received.type()).isEqualTo("invoice.paid");
        assertThat(received.objectId()).isEqualTo("in_standin1");
        assertThat(received.created()).isEqualTo(NOW.minusSeconds(2));
        assertThat(received.apiVersion()).isEqualTo(Stripe.API_VERSION);
        assertThat(JsonParser.parseString(received.rawObjectJson())).isEqualTo(invoice);
    }

    @Test
    void eventSignedFourMinutesAgoIsStillAccepted() {
        String body = invoicePaid();

        assertThat(verifier.verify(body, StripeEvents.signature(body, SECRET, NOW.minus(Duration.ofMinutes(4)))))
                .extracting(StripeEventReceived::eventId).isEqualTo("evt_standin1");
    }

    @Test
    void tamperedBodyIsRejected() {
        String body = invoicePaid();
        String signature = StripeEvents.signature(body, SECRET, NOW);

        assertThatThrownBy(() -> verifier.verify(body.replace("invoice.paid", "invoice.payment_failed"), signature))
                .isInstanceOf(StripeEventRejected.class).hasMessageContaining("signature");
    }

    @Test
    void eventSignedWithAnotherSecretIsRejected() {
        String body = invoicePaid();

        assertThatThrownBy(() -> verifier.verify(body, StripeEvents.signature(body, "whsec_other", NOW)))
                .isInstanceOf(StripeEventRejected.class);
    }

    @ParameterizedTest(name = "signed {0} s ago is rejected")
    @ValueSource(longs = {301, 3600})
    void eventSignedMoreThanFiveMinutesAgoIsRejected(long ageSeconds) {
        String body = invoicePaid();

        assertThatThrownBy(() -> verifier.verify(body,
                StripeEvents.signature(body, SECRET, NOW.minusSeconds(ageSeconds))))
                .isInstanceOf(StripeEventRejected.class).hasMessageContaining("tolerance");
    }

    /** stripe-java checks only the age: a timestamp ahead of our clock is skew, and only our secret could sign it. */
    @Test
    void eventStampedAheadOfOurClockIsAcceptedAsStripeJavaDoes() {
        String body = invoicePaid();

        assertThat(verifier.verify(body, StripeEvents.signature(body, SECRET, NOW.plusSeconds(600))))
                .extracting(StripeEventReceived::eventId).isEqualTo("evt_standin1");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"t=1,v1=00", "garbage"})
    void missingOrMalformedSignatureHeaderIsRejected(String header) {
        assertThatThrownBy(() -> verifier.verify(invoicePaid(), header)).isInstanceOf(StripeEventRejected.class);
    }

    @Test
    void correctlySignedBodyThatIsNotAnEventIsRejected() {
        String body = "{\"hello\":";

        assertThatThrownBy(() -> verifier.verify(body, StripeEvents.signature(body, SECRET, NOW)))
                .isInstanceOf(StripeEventRejected.class).hasMessageContaining("not a Stripe event");
    }

    /** Signed with our secret, yet nothing Stripe sends: refused whole, so nothing is stored in part. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"invoice.paid\",\"created\":1790000000,\"data\":{\"object\":[1,2]}}",
            "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"invoice.paid\",\"created\":1790000000,\"data\":{\"object\":\"in_1\"}}",
            "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"invoice.paid\",\"created\":1790000000,\"data\":{\"object\":7}}",
            "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"invoice.paid\",\"created\":1790000000,\"data\":{\"a\":{}}}",
            "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"invoice.paid\",\"created\":1790000000,\"data\":{}}",
            "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"invoice.paid\",\"created\":253402300800,\"data\":{\"object\":{}}}",
            "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"invoice.paid\",\"created\":-1,\"data\":{\"object\":{}}}",
            "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"invoice.paid\",\"created\":99999999999999999999,\"data\":{\"object\":{}}}",
            "{\"id\":\"evt_LONG\",\"object\":\"event\",\"type\":\"invoice.paid\",\"created\":1790000000,\"data\":{\"object\":{}}}",
            "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"invoice.LONG\",\"created\":1790000000,\"data\":{\"object\":{}}}",
            "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"invoice.paid\",\"created\":1790000000,\"data\":{\"object\":{\"id\":\"in_LONG\"}}}"})
    void correctlySignedEventsStripeNeverSendsAreRejected(String template) {
        String body = template.replace("LONG", "x".repeat(StripeWebhookVerifier.MAX_ID));

        assertThatThrownBy(() -> verifier.verify(body, StripeEvents.signature(body, SECRET, NOW)))
                .isInstanceOf(StripeEventRejected.class);
    }

    @Test
    void idsOfTheLongestLengthKeptAreAccepted() {
        String id = "evt_" + "x".repeat(StripeWebhookVerifier.MAX_ID - 4);
        String body = "{\"id\":\"" + id + "\",\"object\":\"event\",\"type\":\"invoice.paid\","
                + "\"created\":253402300799,\"data\":{\"object\":{\"id\":\"" + id + "\"}}}";

        StripeEventReceived received = verifier.verify(body, StripeEvents.signature(body, SECRET, NOW));

        assertThat(received.eventId()).hasSize(StripeWebhookVerifier.MAX_ID);
        assertThat(received.objectId()).isEqualTo(id);
        assertThat(received.created()).isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
    }

    @Test
    void withoutASigningSecretThereIsNoVerifier() {
        assertThatThrownBy(() -> new StripeWebhookVerifier(StripeSettings.of("sk_test_standin", null, null),
                Clock.systemUTC())).isInstanceOf(IllegalStateException.class).hasMessageContaining("signing secret");
    }

    private static String invoicePaid() {
        JsonObject invoice = StripeFixtures.object("invoice");
        invoice.addProperty("id", "in_standin1");
        return StripeEvents.event("evt_standin1", "invoice.paid", invoice, NOW);
    }
}
