package org.ristourne.billing.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.google.gson.JsonObject;
import com.stripe.Stripe;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ristourne.billing.api.BillingUnavailable;
import org.ristourne.billing.api.CheckoutReceipt;
import org.ristourne.billing.api.CheckoutRefused;
import org.ristourne.billing.api.StartCheckout;
import org.ristourne.billing.standin.RecordedRequest;
import org.ristourne.billing.standin.StripeStandIn;
import org.ristourne.billing.stripe.StripeClients;

class StripeSubscriptionCheckoutTest {

    private static final String SUCCESS = "https://ristourne.example/subscribed?session={CHECKOUT_SESSION_ID}";
    private static final String CANCEL = "https://ristourne.example/subscribe";

    private StripeStandIn stripe;
    private StripeSubscriptionCheckout checkout;

    @BeforeEach
    void startStripe() {
        stripe = StripeStandIn.start();
        checkout = new StripeSubscriptionCheckout(StripeClients.create(stripe.settings()));
    }

    @AfterEach
    void stopStripe() {
        stripe.close();
    }

    @Test
    void aNewCustomerGetsAStripeCustomerThenASubscriptionCheckoutNamingThem() {
        CheckoutReceipt receipt = checkout.start(request("cus-anna", "anna@example.org", null, "attempt-1"));

        assertThat(stripe.requests()).extracting(RecordedRequest::method, RecordedRequest::path)
                .containsExactly(tuple("POST", "/v1/customers"), tuple("POST", "/v1/checkout/sessions"));
        RecordedRequest customer = stripe.requests("POST", "/v1/customers").get(0);
        assertThat(customer.params()).isEqualTo(Map.of("email", "anna@example.org",
                "metadata[customer_id]", "cus-anna"));
        assertThat(customer.idempotencyKey()).isEqualTo("ristourne-customer-cus-anna");
        assertThat(customer.stripeVersion()).isEqualTo(Stripe.API_VERSION);
        assertThat(customer.header("Authorization")).isEqualTo("Bearer " + StripeStandIn.SECRET_KEY);

        String stripeCustomer = stripe.customer(receipt.stripeCustomerId()).get("id").getAsString();
        RecordedRequest session = stripe.requests("POST", "/v1/checkout/sessions").get(0);
        assertThat(session.params()).isEqualTo(Map.of(
                "mode", "subscription",
                "customer", stripeCustomer,
                "line_items[0][price]", StripeStandIn.PRICE_ID,
                "line_items[0][quantity]", "1",
                "client_reference_id", "cus-anna",
                "metadata[customer_id]", "cus-anna",
                "success_url", SUCCESS,
                "cancel_url", CANCEL));
        assertThat(session.idempotencyKey()).isEqualTo("ristourne-checkout-cus-anna/attempt-1");
        assertThat(session.stripeVersion()).isEqualTo(Stripe.API_VERSION);

        JsonObject made = stripe.object(receipt.checkoutSessionId());
        assertThat(receipt.url()).isEqualTo(URI.create(made.get("url").getAsString()));
        assertThat(receipt.expiresAt()).isEqualTo(Instant.ofEpochSecond(made.get("expires_at").getAsLong()));
        assertThat(stripe.customer(stripeCustomer).getAsJsonObject("metadata").get("customer_id").getAsString())
                .isEqualTo("cus-anna");
    }

    @Test
    void aKnownStripeCustomerIsReusedAndNoOtherIsCreated() {
        stripe.givenCustomer("cus_known");

        CheckoutReceipt receipt = checkout.start(request("cus-anna", null, "cus_known", "attempt-1"));

        assertThat(stripe.requests("POST", "/v1/customers")).isEmpty();
        assertThat(receipt.stripeCustomerId()).isEqualTo("cus_known");
        assertThat(stripe.requests("POST", "/v1/checkout/sessions")).singleElement()
                .satisfies(r -> assertThat(r.params()).containsEntry("customer", "cus_known"));
    }

    @Test
    void aCustomerWithoutEmailIsCreatedWithItsIdOnly() {
        checkout.createCustomer("cus-anna", null);

        assertThat(stripe.requests("POST", "/v1/customers")).singleElement()
                .satisfies(r -> assertThat(r.params()).isEqualTo(Map.of("metadata[customer_id]", "cus-anna")));
    }

    @Test
    void theSameAttemptSentAgainGetsTheSameSessionAndCustomer() {
        CheckoutReceipt first = checkout.start(request("cus-anna", null, null, "attempt-1"));

        CheckoutReceipt again = checkout.start(request("cus-anna", null, null, "attempt-1"));

        assertThat(again).isEqualTo(first);
        assertThat(stripe.requests("POST", "/v1/checkout/sessions"))
                .extracting(RecordedRequest::idempotencyKey)
                .containsExactly("ristourne-checkout-cus-anna/attempt-1", "ristourne-checkout-cus-anna/attempt-1");
    }

    @Test
    void anotherAttemptMakesAnotherSessionForTheSameStripeCustomer() {
        CheckoutReceipt first = checkout.start(request("cus-anna", null, null, "attempt-1"));

        CheckoutReceipt second = checkout.start(request("cus-anna", null, null, "attempt-2"));

        assertThat(second.stripeCustomerId()).isEqualTo(first.stripeCustomerId());
        assertThat(second.checkoutSessionId()).isNotEqualTo(first.checkoutSessionId());
    }

    @ParameterizedTest(name = "Stripe answering {0} is unavailable, and the retry makes one session")
    @ValueSource(ints = {500, 502, 503, 429, 409})
    void passingFailureIsUnavailableAndTheRetryMakesOneSession(int status) {
        stripe.givenCustomer("cus_known");
        stripe.answerNext(1, "POST", status);

        assertThatThrownBy(() -> checkout.start(request("cus-anna", null, "cus_known", "attempt-1")))
                .isInstanceOf(BillingUnavailable.class).hasMessageContaining("cus-anna");
        CheckoutReceipt receipt = checkout.start(request("cus-anna", null, "cus_known", "attempt-1"));

        assertThat(stripe.requests("POST", "/v1/checkout/sessions")).hasSize(2);
        assertThat(stripe.object(receipt.checkoutSessionId()).get("customer").getAsString()).isEqualTo("cus_known");
    }

    @Test
    void failingCustomerCreationIsUnavailableAndStartsNoSession() {
        stripe.answerNext(1, "POST", 503);

        assertThatThrownBy(() -> checkout.start(request("cus-anna", null, null, "attempt-1")))
                .isInstanceOf(BillingUnavailable.class);
        assertThat(stripe.requests("POST", "/v1/checkout/sessions")).isEmpty();
    }

    @Test
    void timeoutIsUnavailable() {
        stripe.givenCustomer("cus_known");
        stripe.delayNext(1, "POST", StripeStandIn.READ_TIMEOUT.plusSeconds(1));

        assertThatThrownBy(() -> checkout.start(request("cus-anna", null, "cus_known", "attempt-1")))
                .isInstanceOf(BillingUnavailable.class);
    }

    @ParameterizedTest(name = "Stripe answering {0} refuses the checkout for good")
    @ValueSource(ints = {400, 401, 402, 403, 404})
    void clientErrorIsRefusedWithStripesMessage(int status) {
        stripe.givenCustomer("cus_known");
        stripe.answerNext(1, "POST", status);

        assertThatThrownBy(() -> checkout.start(request("cus-anna", null, "cus_known", "attempt-1")))
                .isInstanceOf(CheckoutRefused.class)
                .hasMessageContaining("Stand-in answers " + status + " as told.")
                .satisfies(e -> assertThat(((CheckoutRefused) e).stripeStatus()).isEqualTo(status));
    }

    @Test
    void anUnknownPriceIsRefusedWithStripesMessage() {
        stripe.givenCustomer("cus_known");
        StartCheckout request = new StartCheckout("cus-anna", null, "cus_known", "price_nobody", SUCCESS, CANCEL,
                "attempt-1");

        assertThatThrownBy(() -> checkout.start(request)).isInstanceOf(CheckoutRefused.class)
                .hasMessageContaining("No such price: 'price_nobody'");
    }

    @Test
    void theSameAttemptWithOtherParametersIsRefused() {
        stripe.givenCustomer("cus_known");
        checkout.start(request("cus-anna", null, "cus_known", "attempt-1"));
        StartCheckout other = new StartCheckout("cus-anna", null, "cus_known", StripeStandIn.PRICE_ID,
                "https://elsewhere.example/", CANCEL, "attempt-1");

        assertThatThrownBy(() -> checkout.start(other)).isInstanceOf(CheckoutRefused.class)
                .hasMessageContaining("Keys for idempotent requests");
    }

    @Test
    void attemptIdsThatCouldMakeAmbiguousOrOverlongKeysAreRefusedBeforeStripeIsAsked() {
        assertThatThrownBy(() -> request("cus-anna", null, null, "a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> request("cus-anna", null, null, "a".repeat(65)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(stripe.requests()).isEmpty();
    }

    private static StartCheckout request(String customerId, String email, String stripeCustomerId, String attempt) {
        return new StartCheckout(customerId, email, stripeCustomerId, StripeStandIn.PRICE_ID, SUCCESS, CANCEL,
                attempt);
    }
}
