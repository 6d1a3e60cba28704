package org.ristourne.broker.see.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.ristourne.billing.standin.RecordedRequest;
import org.ristourne.billing.standin.StripeStandIn;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.StripeStandInProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The subscribe button with Stripe configured (billing's real adapter against the Stripe stand-in): the browser is
 * sent, 303, to the checkout Stripe made for the signed-in customer, with their email and the account page as the way
 * back; coming back with {@code ?subscribed} says the subscription shows once Stripe confirms it, and while Stripe's
 * subscription waits for its first paid invoice, no second checkout starts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ristourne.test.context=account-subscribe", "ristourne.operator.password=" + OperatorClient.PASSWORD,
        "ristourne.stripe.subscription-price-id=" + StripeStandIn.PRICE_ID})
abstract class SubscribeThroughStripeIntegrationTest {

    /** One stand-in for the H2 and MariaDB subclasses, never stopped: their contexts stay cached until the JVM ends. */
    static final StripeStandIn STRIPE = StripeStandIn.start();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void stripe(DynamicPropertyRegistry registry) {
        StripeStandInProperties.register(registry, STRIPE);
        registry.add("ristourne.stripe.read-timeout", () -> "15s");
    }

    @Test
    void theSubscribeButtonSendsTheCustomerToTheirStripeCheckout() {
        PageBrowser dora = new PageBrowser(port);
        String email = "dora-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        dora.signUp("Dora", email, "correct horse battery");
        String customerId = jdbc.queryForObject("select customer_id from customer_account where email = ?",
                String.class, email);
        String page = dora.page("/account");
        assertThat(page).contains("id=\"subscribe-form\"").contains("id=\"subscribe\"")
                .doesNotContain("id=\"stripe-not-configured\"");

        HttpResponse<String> subscribe = dora.post("/subscribe", Map.of(), true);

        assertThat(subscribe.statusCode()).isEqualTo(303);
        String location = subscribe.headers().firstValue("Location").orElseThrow();
        List<RecordedRequest> sessions = STRIPE.requests("POST", "/v1/checkout/sessions").stream()
                .filter(request -> customerId.equals(request.params().get("client_reference_id"))).toList();
        assertThat(sessions).hasSize(1);
        assertThat(sessions.get(0).params()).containsEntry("success_url", "http://127.0.0.1:" + port
                + "/account?subscribed").containsEntry("cancel_url", "http://127.0.0.1:" + port + "/account");
        String sessionId = location.substring(location.lastIndexOf('/') + 1);
        assertThat(location).isEqualTo(STRIPE.baseUrl() + "/checkout/" + sessionId)
                .isEqualTo(STRIPE.object(sessionId).get("url").getAsString());
        assertThat(STRIPE.requests("POST", "/v1/customers").stream()
                .filter(request -> customerId.equals(request.params().get("metadata[customer_id]"))))
                .singleElement().satisfies(request -> assertThat(request.params()).containsEntry("email", email));

        assertThat(PageBrowser.textOf(dora.page("/account?subscribed"), "subscribed-notice"))
                .contains("once Stripe confirms it");

        // Stripe says the subscription exists before its first invoice is paid: no second checkout meanwhile.
        String stripeCustomerId = jdbc.queryForObject("select stripe_customer_id from stripe_customer"
                + " where customer_id = ?", String.class, customerId);
        jdbc.update("""
                insert into billing_subscription (stripe_subscription_id, customer_id, stripe_customer_id, status,
                    cancel_at_period_end, event_created_at_us, event_id)
                values (?, ?, ?, 'active', false, 0, ?)""", "sub_" + sessionId, customerId, stripeCustomerId,
                "evt_" + sessionId);
        String confirming = dora.page("/account");
        assertThat(PageBrowser.textOf(confirming, "subscription-status")).contains("once its first payment is"
                + " confirmed");
        assertThat(confirming).doesNotContain("id=\"subscribe\"");
        HttpResponse<String> again = dora.post("/subscribe", Map.of(), true);
        assertThat(again.statusCode()).isEqualTo(303);
        assertThat(again.headers().firstValue("Location")).hasValue("http://127.0.0.1:" + port + "/account");
        assertThat(STRIPE.requests("POST", "/v1/checkout/sessions").stream()
                .filter(request -> customerId.equals(request.params().get("client_reference_id"))))
                .as("no second checkout").hasSize(1);
    }
}
