package org.ristourne.broker.subscribe.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.stripe.Stripe;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ristourne.billing.standin.RecordedRequest;
import org.ristourne.billing.standin.StripeFixtures;
import org.ristourne.billing.standin.StripeStandIn;
import org.ristourne.broker.support.EpochMicros;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.StripeStandInProperties;
import org.ristourne.support.StripeWebhookClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Subscribing as it will happen: the operator starts the customer's checkout (billing's real Stripe adapter against
 * the Stripe stand-in, over HTTP), the customer pays at Stripe, and Stripe's signed webhook events make them
 * subscribed with what they paid.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ristourne.operator.password=" + OperatorClient.PASSWORD,
        "ristourne.stripe.subscription-price-id=" + StripeStandIn.PRICE_ID,
        "ristourne.test.context=subscription-checkout"})
abstract class SubscriptionCheckoutIntegrationTest {

    /**
     * One stand-in for the H2 and MariaDB subclasses, never stopped: the Spring contexts pointing at it stay cached
     * (and their payout sagas may call it) until the test JVM ends, and so does it.
     */
    static final StripeStandIn STRIPE = StripeStandIn.start();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SUCCESS = "https://ristourne.example/subscribed?session={CHECKOUT_SESSION_ID}";
    private static final String CANCEL = "https://ristourne.example/subscribe";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    OperatorClient operator;
    StripeWebhookClient webhooks;
    String customerId;

    @DynamicPropertySource
    static void stripe(DynamicPropertyRegistry registry) {
        StripeStandInProperties.register(registry, STRIPE);
        // No timeout is tested here (billing's test does): a loaded build machine must not make one up.
        registry.add("ristourne.stripe.read-timeout", () -> "15s");
    }

    @BeforeEach
    void aRegisteredCustomer() {
        operator = new OperatorClient("http://127.0.0.1:" + port);
        webhooks = new StripeWebhookClient(port);
        customerId = operator.call("POST", "/operator/customers", "{}", 201).get("customerId").asString();
    }

    @Test
    void theOperatorStartsACheckoutWhichMakesTheStripeCustomerThenTheSession() {
        JsonNode started = checkout("""
                {"email":"anna@example.org","successUrl":"%s","cancelUrl":"%s","attemptId":"a-1"}""", 201);

        List<RecordedRequest> customers = requestsOf(customerId, "POST", "/v1/customers");
        assertThat(customers).singleElement().satisfies(request -> {
            assertThat(request.params()).isEqualTo(Map.of("email", "anna@example.org",
                    "metadata[customer_id]", customerId));
            assertThat(request.idempotencyKey()).isEqualTo("ristourne-customer-" + customerId);
            assertThat(request.stripeVersion()).isEqualTo(Stripe.API_VERSION);
        });
        String stripeCustomerId = started.get("stripeCustomerId").asString();
        assertThat(STRIPE.customer(stripeCustomerId).getAsJsonObject("metadata").get("customer_id").getAsString())
                .isEqualTo(customerId);
        assertThat(requestsOf(customerId, "POST", "/v1/checkout/sessions")).singleElement().satisfies(request -> {
            assertThat(request.params()).isEqualTo(Map.of(
                    "mode", "subscription",
                    "customer", stripeCustomerId,
                    "line_items[0][price]", StripeStandIn.PRICE_ID,
                    "line_items[0][quantity]", "1",
                    "client_reference_id", customerId,
                    "metadata[customer_id]", customerId,
                    "success_url", SUCCESS,
                    "cancel_url", CANCEL));
            assertThat(request.idempotencyKey()).isEqualTo("ristourne-checkout-" + customerId + "/a-1");
            assertThat(request.stripeVersion()).isEqualTo(Stripe.API_VERSION);
        });
        JsonObject session = STRIPE.object(started.get("checkoutSessionId").asString());
        assertThat(started.get("checkoutUrl").asString()).isEqualTo(session.get("url").getAsString());
        assertThat(Instant.parse(started.get("expiresAt").asString()))
                .isEqualTo(Instant.ofEpochSecond(session.get("expires_at").getAsLong()));
        assertThat(jdbc.queryForObject("select stripe_customer_id from stripe_customer where customer_id = ?",
                String.class, customerId)).isEqualTo(stripeCustomerId);
        assertThat(jdbc.queryForObject("select count(*) from billing_customer where customer_id = ?", Integer.class,
                customerId)).as("billing_customer waits for the completed checkout").isZero();
    }

    @Test
    void aSecondCheckoutReusesTheStripeCustomer() {
        JsonNode first = checkout("{\"successUrl\":\"%s\",\"cancelUrl\":\"%s\"}", 201);

        JsonNode second = checkout("{\"successUrl\":\"%s\",\"cancelUrl\":\"%s\"}", 201);

        assertThat(requestsOf(customerId, "POST", "/v1/customers")).hasSize(1);
        assertThat(second.get("stripeCustomerId").asString()).isEqualTo(first.get("stripeCustomerId").asString());
        assertThat(second.get("checkoutSessionId").asString()).isNotEqualTo(first.get("checkoutSessionId").asString());
    }

    @Test
    void theCompletedCheckoutAndItsPaidInvoiceMakeTheCustomerSubscribedWithTheAmountPaid() {
        JsonNode started = checkout("{\"successUrl\":\"%s\",\"cancelUrl\":\"%s\"}", 201);
        String stripeCustomerId = started.get("stripeCustomerId").asString();
        JsonObject session = STRIPE.object(started.get("checkoutSessionId").asString());
        session.addProperty("status", "complete");
        session.addProperty("payment_status", "paid");
        session.addProperty("currency", "eur");
        session.addProperty("subscription", "sub_" + customerId.substring(4, 12) + customerId.substring(14, 18));
        Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant until = from.plus(Duration.ofDays(30));

        // Stripe sends the subscription's creation before the checkout's completion: the customer is already known.
        JsonObject subscription = StripeFixtures.object("subscription");
        subscription.addProperty("id", session.get("subscription").getAsString());
        subscription.addProperty("customer", stripeCustomerId);
        subscription.addProperty("status", "active");
        assertThat(webhooks.send("customer.subscription.created", subscription)).contains("\"outcome\":\"recorded\"");
        assertThat(jdbc.queryForObject("select customer_id from billing_subscription where stripe_subscription_id = ?",
                String.class, session.get("subscription").getAsString())).isEqualTo(customerId);

        assertThat(webhooks.send("checkout.session.completed", session)).contains("\"outcome\":\"recorded\"");
        assertThat(webhooks.send("invoice.paid",
                StripeWebhookClient.paidSubscriptionInvoice(stripeCustomerId, 990, from, until)))
                .contains("\"outcome\":\"recorded\"");

        assertThat(jdbc.queryForMap("select stripe_customer_id, currency from billing_customer where customer_id = ?",
                customerId)).containsEntry("STRIPE_CUSTOMER_ID", stripeCustomerId).containsEntry("CURRENCY", "EUR");
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(jdbc.queryForList("""
                select currency, amount_minor from subscription_payment
                where customer_id = ? and active_from_us = ? and active_until_us = ?""", customerId,
                EpochMicros.of(from), EpochMicros.of(until))).singleElement().satisfies(row -> {
                    assertThat(row.get("CURRENCY")).isEqualTo("EUR");
                    assertThat(((Number) row.get("AMOUNT_MINOR")).longValue()).isEqualTo(990);
                }));
        // Once the checkout completed, the next checkout (a resubscription) still uses that Stripe customer.
        assertThat(checkout("{\"successUrl\":\"%s\",\"cancelUrl\":\"%s\"}", 201).get("stripeCustomerId").asString())
                .isEqualTo(stripeCustomerId);
        assertThat(requestsOf(customerId, "POST", "/v1/customers")).hasSize(1);
    }

    @Test
    void stripeFailingIs503WithRetryAdviceAndTheRetryWithTheSameAttemptMakesOneSession() {
        STRIPE.answerNext(1, request -> request.path().equals("/v1/checkout/sessions")
                && customerId.equals(request.params().get("client_reference_id")), 500);

        var failed = operator.raw("POST", path(), body("a-2"), OperatorClient.PASSWORD);
        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(503);
        assertThat(failed.body()).contains("/problems/stripe-unavailable").contains("attemptId");
        assertThat(failed.headers().firstValue("Retry-After")).isPresent();
        assertThat(jdbc.queryForObject("select count(*) from stripe_customer where customer_id = ?", Integer.class,
                customerId)).as("the Stripe customer made before the failure is kept").isOne();

        JsonNode retried = operator.call("POST", path(), body("a-2"), 201);
        JsonNode again = operator.call("POST", path(), body("a-2"), 201);

        assertThat(again.get("checkoutSessionId").asString()).isEqualTo(retried.get("checkoutSessionId").asString());
        assertThat(requestsOf(customerId, "POST", "/v1/checkout/sessions")).extracting(RecordedRequest::idempotencyKey)
                .containsOnly("ristourne-checkout-" + customerId + "/a-2").hasSize(3);
        assertThat(requestsOf(customerId, "POST", "/v1/customers")).hasSize(1);
    }

    @Test
    void stripeRefusingIs502WithStripesReason() {
        STRIPE.answerNext(1, request -> request.path().equals("/v1/customers")
                && customerId.equals(request.params().get("metadata[customer_id]")), 400);

        var refused = operator.raw("POST", path(), body("a-3"), OperatorClient.PASSWORD);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(502);
        assertThat(refused.body()).contains("/problems/stripe-refused").contains("Stand-in answers 400 as told.");
        assertThat(jdbc.queryForObject("select count(*) from stripe_customer where customer_id = ?", Integer.class,
                customerId)).isZero();
    }

    @Test
    void anUnknownCustomerIs404AndStripeIsNotAsked() {
        int before = STRIPE.requests().size();

        var answer = operator.raw("POST", "/operator/customers/cus-nobody/checkout", body("a-4"),
                OperatorClient.PASSWORD);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(404);
        assertThat(answer.body()).contains("/problems/unknown-customer");
        assertThat(STRIPE.requests()).hasSize(before);
    }

    @ParameterizedTest(name = "{0} is refused with 400")
    @CsvSource(delimiter = '|', value = {
            "{\"cancelUrl\":\"https://ristourne.example/\"}",
            "{\"successUrl\":\"http://ristourne.example/\",\"cancelUrl\":\"https://ristourne.example/\"}",
            "{\"successUrl\":\"/relative\",\"cancelUrl\":\"https://ristourne.example/\"}",
            "{\"successUrl\":\"https://user:pw@ristourne.example/\",\"cancelUrl\":\"https://ristourne.example/\"}",
            "{\"successUrl\":\"javascript:alert(1)\",\"cancelUrl\":\"https://ristourne.example/\"}",
            "{\"successUrl\":\"https://ristourne.example/\",\"cancelUrl\":\"https://ristourne.example/\",\"email\":\"nope\"}",
            "{\"successUrl\":\"https://ristourne.example/\",\"cancelUrl\":\"https://ristourne.example/\",\"attemptId\":\"a/b\"}"})
    void aMalformedRequestIs400AndStripeIsNotAsked(String body) {
        int before = STRIPE.requests().size();

        var answer = operator.raw("POST", path(), body, OperatorClient.PASSWORD);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("/problems/malformed-request");
        assertThat(STRIPE.requests()).hasSize(before);
    }

    @Test
    void anOverlongUrlIs400AndHttpOnLocalhostIsAccepted() {
        String tooLong = "https://ristourne.example/" + "x".repeat(2000);
        assertThat(operator.raw("POST", path(), "{\"successUrl\":\"%s\",\"cancelUrl\":\"%s\"}".formatted(tooLong,
                CANCEL), OperatorClient.PASSWORD).statusCode()).isEqualTo(400);

        operator.call("POST", path(), "{\"successUrl\":\"http://localhost:8080/done\",\"cancelUrl\":\"%s\"}"
                .formatted(CANCEL), 201);
    }

    private String path() {
        return "/operator/customers/" + customerId + "/checkout";
    }

    private static String body(String attemptId) {
        return "{\"successUrl\":\"%s\",\"cancelUrl\":\"%s\",\"attemptId\":\"%s\"}".formatted(SUCCESS, CANCEL,
                attemptId);
    }

    private JsonNode checkout(String template, int status) {
        return operator.call("POST", path(), template.formatted(SUCCESS, CANCEL), status);
    }

    /** The stand-in is shared by the class's tests: this customer's requests only. */
    private static List<RecordedRequest> requestsOf(String customerId, String method, String path) {
        return STRIPE.requests(method, path).stream()
                .filter(r -> customerId.equals(r.params().get("metadata[customer_id]"))).toList();
    }
}
