package org.ristourne.broker.payback;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.ristourne.billing.standin.StripeEvents;
import org.ristourne.billing.standin.StripeFixtures;
import org.ristourne.billing.standin.StripeStandIn;
import org.ristourne.broker.api.SaleId;
import org.ristourne.broker.api.see.StatementLine;
import org.ristourne.broker.support.EpochMicros;
import org.ristourne.ledger.money.Money;
import org.ristourne.support.OnH2;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.StripeStandInProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The loop closed through Stripe's webhook: the customer's checkout completes and their first invoice is paid (signed
 * events over HTTP), which tells the broker who they are in Stripe; a sale of theirs is then funded, and the payout
 * saga credits their Stripe balance (the stand-in) exactly once, for exactly the ledger's amount.
 */
@OnH2
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ristourne.deadlines.polling-interval=1s", "ristourne.test.context=stripe-webhook-payback",
                "ristourne.payback.first-retry-delay=1s", "ristourne.payback.max-retry-delay=2s",
                "ristourne.payback.minimum-payout.EUR=5.00", "ristourne.operator.password=" + OperatorClient.PASSWORD})
class H2StripeWebhookPaybackIntegrationTest extends PaybackScenario {

    private static final StripeStandIn STRIPE = StripeStandIn.start();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void stripe(DynamicPropertyRegistry registry) {
        StripeStandInProperties.register(registry, STRIPE);
    }

    @AfterAll
    static void stopStripe() {
        STRIPE.close();
    }

    @Test
    void aCustomerWhoseCheckoutAndInvoiceCameByWebhookIsCreditedOnceForAFundedSale() {
        STRIPE.givenCustomer(stripeCustomerId());
        Instant from = now.truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(1));
        Instant until = from.plus(Duration.ofDays(30));

        assertThat(send("checkout.session.completed", checkout()).body()).contains("\"outcome\":\"recorded\"");
        assertThat(send("invoice.paid", invoicePaid(from, until)).body()).contains("\"outcome\":\"recorded\"");
        Awaitility.await().atMost(WAIT).until(() -> jdbc.queryForObject("""
                select count(*) from subscription_payment where customer_id = ? and active_from_us = ?
                and active_until_us = ? and currency = 'EUR' and amount_minor = 990""", Integer.class,
                customer.value(), EpochMicros.of(from), EpochMicros.of(until)) == 1);

        SaleId sale = confirmedSale("ord_w", Money.of(12999, "EUR"), Money.of(4200, "EUR"));
        fund(sale);

        Awaitility.await().atMost(WAIT).until(() -> "CREDITED".equals(states().get(sale.toString())));
        List<JsonObject> credits = STRIPE.balanceTransactions(stripeCustomerId());
        assertThat(credits).as("credits on the customer's Stripe balance").hasSize(1);
        assertThat(credits.get(0).get("amount").getAsLong()).isEqualTo(-630);
        assertThat(credits.get(0).get("currency").getAsString()).isEqualTo("eur");
        assertThat(statement()).extracting(StatementLine::paid).containsExactly(Money.of(630, "EUR"));

        OperatorClient operator = new OperatorClient("http://127.0.0.1:" + port);
        Awaitility.await().atMost(WAIT).until(() -> operator.call("GET", "/operator/payouts?state=settled&customerId="
                + customer.value(), null, 200).size() == 1);
        JsonNode payout = operator.call("GET", "/operator/payouts?customerId=" + customer.value(), null, 200).get(0);
        assertThat(payout.get("payoutId").asString()).isEqualTo(credits.get(0).getAsJsonObject("metadata")
                .get("payout_id").getAsString());
        assertThat(payout.get("state").asString()).isEqualTo("settled");
        assertThat(payout.get("amount").get("amount").asLong()).isEqualTo(630);
        assertThat(payout.get("amount").get("currency").asString()).isEqualTo("EUR");
        assertThat(payout.has("abandonedAt")).isFalse();
        assertThat(operator.call("GET", "/operator/payouts?state=abandoned&customerId=" + customer.value(), null,
                200)).isEmpty();
    }

    @Test
    void thePayoutListRefusesWhatItCannotAnswerAndStrangers() {
        OperatorClient operator = new OperatorClient("http://127.0.0.1:" + port);
        for (String query : List.of("state=paid-twice", "limit=0", "limit=501", "limit=many")) {
            HttpResponse<String> answer = operator.raw("GET", "/operator/payouts?" + query, null,
                    OperatorClient.PASSWORD);
            assertThat(answer.statusCode()).as(query + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.body()).contains("malformed-request");
        }
        assertThat(operator.raw("GET", "/operator/payouts", null, null).statusCode()).isEqualTo(401);
        assertThat(operator.raw("GET", "/operator/payouts", null, "wrong").statusCode()).isEqualTo(401);
    }

    private JsonObject checkout() {
        JsonObject session = StripeFixtures.object("checkout_session");
        session.addProperty("id", "cs_test_" + run);
        session.addProperty("mode", "subscription");
        session.addProperty("status", "complete");
        session.addProperty("payment_status", "paid");
        session.addProperty("client_reference_id", customer.value());
        session.addProperty("customer", stripeCustomerId());
        session.addProperty("currency", "eur");
        return session;
    }

    private JsonObject invoicePaid(Instant from, Instant until) {
        JsonObject invoice = StripeFixtures.object("invoice");
        invoice.addProperty("id", "in_" + run);
        invoice.addProperty("customer", stripeCustomerId());
        invoice.addProperty("status", "paid");
        invoice.addProperty("billing_reason", "subscription_create");
        invoice.addProperty("currency", "eur");
        invoice.addProperty("amount_paid", 990);
        JsonObject period = invoice.getAsJsonObject("lines").getAsJsonArray("data").get(0).getAsJsonObject()
                .getAsJsonObject("period");
        period.addProperty("start", from.getEpochSecond());
        period.addProperty("end", until.getEpochSecond());
        return invoice;
    }

    private HttpResponse<String> send(String type, JsonObject object) {
        String body = StripeEvents.event("evt_" + UUID.randomUUID().toString().replace("-", ""), type, object,
                Instant.now());
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/stripe"))
                .timeout(WAIT).header("Content-Type", "application/json; charset=utf-8")
                .header("Stripe-Signature", StripeEvents.signature(body, StripeStandIn.WEBHOOK_SECRET, Instant.now()))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return response;
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError("POST /webhooks/stripe failed", e);
        }
    }
}
