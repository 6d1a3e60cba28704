package org.ristourne.billing.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.stripe.Stripe;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StripeEventsTest {

    private static final String SECRET = "whsec_standin";

    @Test
    void signedEventIsAcceptedByStripeJavaAndReadsBackWhatWasWrapped() throws Exception {
        JsonObject invoice = StripeFixtures.object("invoice");
        invoice.addProperty("id", "in_standin1");
        String payload = StripeEvents.event("evt_standin1", "invoice.paid", invoice, Instant.now());

        Event event = Webhook.constructEvent(payload, StripeEvents.signature(payload, SECRET, Instant.now()), SECRET);

        assertThat(event.getId()).isEqualTo("evt_standin1");
        assertThat(event.getType()).isEqualTo("invoice.paid");
        assertThat(event.getApiVersion()).isEqualTo(Stripe.API_VERSION);
        assertThat(event.getDataObjectDeserializer().getObject()).get()
                .isInstanceOfSatisfying(com.stripe.model.Invoice.class,
                        paid -> assertThat(paid.getId()).isEqualTo("in_standin1"));
    }

    @Test
    void signatureWithAnotherSecretIsRejectedByStripeJava() {
        String payload = StripeEvents.event("evt_standin2", "invoice.paid", StripeFixtures.object("invoice"),
                Instant.now());

        assertThatThrownBy(() -> Webhook.constructEvent(payload,
                StripeEvents.signature(payload, "whsec_other", Instant.now()), SECRET))
                .isInstanceOf(SignatureVerificationException.class);
    }
}
