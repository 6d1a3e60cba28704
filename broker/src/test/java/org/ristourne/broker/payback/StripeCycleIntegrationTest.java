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
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ristourne.billing.standin.RecordedRequest;
import org.ristourne.billing.standin.StripeEvents;
import org.ristourne.billing.standin.StripeFixtures;
import org.ristourne.billing.standin.StripeStandIn;
import org.ristourne.broker.support.EpochMicros;
import org.ristourne.support.DatabaseSnapshot;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.Processors;
import org.ristourne.support.SigningVendor;
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
 * The whole cycle through billing's real Stripe adapters, against the Stripe stand-in over HTTP, with nothing scripted:
 * the operator starts the customer's checkout; Stripe's signed events (the first invoice's before the checkout's, as
 * Stripe may send them) make the customer subscribed with what they paid; a sale reported by the vendor's signed
 * webhook is confirmed, invoiced to the vendor in Stripe, and the vendor's {@code invoice.paid} makes the rebate
 * payable; the customer's Stripe balance is then credited exactly once, for exactly the ledger's amount, although
 * Stripe answered the credit 500 twice. The same events again, and a badly signed one, change nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ristourne.test.context=stripe-cycle", "ristourne.operator.password=" + OperatorClient.PASSWORD,
        "ristourne.stripe.subscription-price-id=" + StripeStandIn.PRICE_ID,
        "ristourne.deadlines.polling-interval=1s", "ristourne.payback.first-retry-delay=1s",
        "ristourne.payback.max-retry-delay=2s", "ristourne.payback.minimum-payout.EUR=5.00",
        "ristourne.payback.vendor-invoicing.schedule=-"})
abstract class StripeCycleIntegrationTest {

    /** One stand-in for the H2 and MariaDB subclasses, never stopped: their contexts stay cached until the JVM ends. */
    static final StripeStandIn STRIPE = StripeStandIn.start();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventProcessingConfiguration processing;

    private OperatorClient operator;
    private StripeWebhookClient webhooks;
    private String run;

    @DynamicPropertySource
    static void stripe(DynamicPropertyRegistry registry) {
        StripeStandInProperties.register(registry, STRIPE);
        // Stripe's failures here are 500s, not timeouts: a loaded build machine must not make one up.
        registry.add("ristourne.stripe.read-timeout", () -> "15s");
    }

    @BeforeEach
    void clients() {
        operator = new OperatorClient("http://127.0.0.1:" + port);
        webhooks = new StripeWebhookClient(port);
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void subscribedInvoicedFundedAndCreditedOnceThroughStripe() {
        String vendorId = "cycle-" + run;
        String secret = operator.onboardVendor(vendorId, 2000, 2500, 0);
        operator.call("PUT", "/operator/vendors/" + vendorId + "/billing-email",
                "{\"email\":\"billing@" + vendorId + ".example\"}", 204);
        String customerId = operator.call("POST", "/operator/customers", "{}", 201).get("customerId").asString();

        // Subscribe: the checkout makes the Stripe customer; Stripe reports the first invoice before the checkout.
        JsonNode checkout = operator.call("POST", "/operator/customers/" + customerId + "/checkout", """
                {"email":"anna@example.org","successUrl":"https://ristourne.example/ok","cancelUrl":\
                "https://ristourne.example/subscribe"}""", 201);
        String stripeCustomer = checkout.get("stripeCustomerId").asString();
        Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(1));
        Instant until = from.plus(Duration.ofDays(30));
        JsonObject firstInvoice = StripeWebhookClient.paidSubscriptionInvoice(stripeCustomer, 990, from, until);
        firstInvoice.addProperty("billing_reason", "subscription_create");
        String invoiceEvent = StripeWebhookClient.newEventId();
        assertThat(webhooks.send(invoiceEvent, "invoice.paid", firstInvoice, Instant.now()))
                .contains("awaiting-checkout");
        String checkoutEvent = StripeWebhookClient.newEventId();
        assertThat(webhooks.send(checkoutEvent, "checkout.session.completed",
                StripeFixtures.completedSubscriptionCheckout(checkout.get("checkoutSessionId").asString(),
                        customerId, stripeCustomer, "eur"), Instant.now())).contains("\"outcome\":\"recorded\"");
        Awaitility.await("the first period paid, applied once its checkout completed").atMost(WAIT)
                .until(() -> count("""
                        select count(*) from subscription_payment where customer_id = ? and active_from_us = ?
                        and active_until_us = ? and currency = 'EUR' and amount_minor = 990""", customerId,
                        EpochMicros.of(from), EpochMicros.of(until)) == 1);

        // Report and record: a 129.99 EUR sale with a 42.00 margin: pool 8.40, rebate 6.30, fee 2.10.
        String customerRef = operator.call("POST", "/operator/customers/" + customerId + "/relationships",
                "{\"vendorId\":\"" + vendorId + "\"}", 201).get("customerRef").asString();
        HttpResponse<String> report = new SigningVendor("http://127.0.0.1:" + port, vendorId, secret)
                .send(SigningVendor.saleCompleted("ord_1", customerRef, "EUR", 12999, 4200L, Instant.now()));
        assertThat(report.statusCode()).as(report.body()).isEqualTo(202);
        String saleKey = vendorId + "/ord_1";
        Awaitility.await("confirmed at once (no return window)").atMost(WAIT)
                .until(() -> "CONFIRMED".equals(lineState(saleKey)));

        // Collect from the vendor: one Stripe invoice for the pool, paid by the vendor. What the vendor owes is read
        // from the ledger's postings by a processor of its own: it must have seen the confirmation.
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        String invoiceId = operator.call("POST", "/operator/vendors/" + vendorId + "/invoices", null, 201)
                .get("invoiceId").asString();
        String stripeInvoice = Awaitility.await("the vendor invoice sent through Stripe").atMost(WAIT)
                .until(() -> jdbc.queryForList("""
                        select stripe_invoice_id from vendor_invoice where invoice_id = ? and state = 'sent'""",
                        String.class, invoiceId).stream().findFirst().orElse(null), id -> id != null);
        JsonObject vendorInvoice = STRIPE.object(stripeInvoice);
        assertThat(vendorInvoice.get("amount_due").getAsLong()).isEqualTo(840);
        assertThat(vendorInvoice.get("currency").getAsString()).isEqualTo("eur");
        assertThat(vendorInvoice.get("collection_method").getAsString()).isEqualTo("send_invoice");
        assertThat(vendorInvoice.getAsJsonObject("metadata").get("ristourne_invoice_id").getAsString())
                .isEqualTo(invoiceId);
        assertThat(STRIPE.timesSent(stripeInvoice)).isEqualTo(1);
        Awaitility.await().atMost(WAIT).until(() -> "INVOICED".equals(lineState(saleKey)));

        // Pay back: Stripe fails the customer's credit twice; the payout saga tries again with the same key.
        STRIPE.answerNext(2, request -> request.is("POST", creditPath(stripeCustomer)), 500);
        JsonObject paid = STRIPE.markPaid(stripeInvoice);
        String paidEvent = StripeWebhookClient.newEventId();
        assertThat(webhooks.send(paidEvent, "invoice.paid", paid, Instant.now())).contains("vendor-invoice-paid");
        Awaitility.await("the rebate credited").atMost(WAIT).until(() -> "CREDITED".equals(lineState(saleKey)));
        Awaitility.await("the ledger caught up").atMost(WAIT).until(() -> paidOnStatement(saleKey) == 630);

        List<JsonObject> credits = STRIPE.balanceTransactions(stripeCustomer);
        assertThat(credits).as("credits on the customer's Stripe balance").hasSize(1);
        assertThat(credits.get(0).get("amount").getAsLong()).as("exactly the ledger's rebate").isEqualTo(-630);
        assertThat(credits.get(0).get("currency").getAsString()).isEqualTo("eur");
        List<RecordedRequest> creditPosts = STRIPE.requests("POST", creditPath(stripeCustomer));
        assertThat(creditPosts).as("two 500s, then the credit").hasSize(3);
        assertThat(creditPosts).extracting(RecordedRequest::idempotencyKey).containsOnly(
                creditPosts.get(0).idempotencyKey());
        assertThat(ledgerBalance("CUSTOMER_REBATE_PAYABLE", customerId)).as("nothing left payable").isZero();
        assertThat(ledgerBalance("VENDOR_RECEIVABLE", vendorId)).as("the vendor owes nothing more").isZero();
        assertThat(count("""
                select count(*) from (select posting_id from ledger_entry group by posting_id, currency
                                      having sum(amount_minor) <> 0) unbalanced""")).as("every posting balanced")
                .isZero();

        // Stripe sends events again, and someone forges one: nothing changes.
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        Map<String, List<String>> before = DatabaseSnapshot.of(jdbc.getDataSource());
        assertThat(webhooks.send(paidEvent, "invoice.paid", paid, Instant.now())).contains("vendor-invoice-paid");
        assertThat(webhooks.send(StripeWebhookClient.newEventId(), "invoice.paid", paid, Instant.now()))
                .as("the same payment in another event").doesNotContain("\"outcome\":\"recorded\"");
        assertThat(webhooks.send(invoiceEvent, "invoice.paid", firstInvoice, Instant.now()))
                .contains("recorded-late");
        assertThat(webhooks.send(checkoutEvent, "checkout.session.completed",
                StripeFixtures.completedSubscriptionCheckout(checkout.get("checkoutSessionId").asString(),
                        customerId, stripeCustomer, "eur"), Instant.now())).contains("\"outcome\":\"recorded\"");
        HttpResponse<String> forged = forged(StripeWebhookClient.newEventId(), paid);
        assertThat(forged.statusCode()).as(forged.body()).isEqualTo(400);
        Awaitility.await().pollDelay(Duration.ofSeconds(3)).atMost(WAIT).until(() -> true);
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        Map<String, List<String>> after = DatabaseSnapshot.of(jdbc.getDataSource());
        after.remove("stripe_event");
        before.remove("stripe_event");
        after.keySet().removeIf(table -> table.startsWith("token_entry") || table.startsWith("dead_letter"));
        before.keySet().removeIf(table -> table.startsWith("token_entry") || table.startsWith("dead_letter"));
        assertThat(after).as("nothing but the events' own rows changed").isEqualTo(before);
        assertThat(STRIPE.balanceTransactions(stripeCustomer)).hasSize(1);
        assertThat(count("select count(*) from stripe_event where outcome like 'refused%'")).isZero();
    }

    private HttpResponse<String> forged(String eventId, JsonObject object) {
        String body = StripeEvents.event(eventId, "invoice.paid", object, Instant.now());
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/stripe"))
                .timeout(WAIT).header("Content-Type", "application/json; charset=utf-8")
                .header("Stripe-Signature", StripeEvents.signature(body, "whsec_not_stripes", Instant.now()))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError("POST /webhooks/stripe failed", e);
        }
    }

    private static String creditPath(String stripeCustomer) {
        return "/v1/customers/" + stripeCustomer + "/balance_transactions";
    }

    private String lineState(String saleKey) {
        return jdbc.queryForList("select state from customer_statement_line where sale_key = ?", String.class, saleKey)
                .stream().findFirst().orElse(null);
    }

    private long paidOnStatement(String saleKey) {
        return jdbc.queryForList("select paid_minor from customer_statement_line where sale_key = ?", Long.class,
                saleKey).stream().findFirst().orElse(0L);
    }

    /** Entries are stored debits positive; a credit-normal account's balance is their negated sum. */
    private long ledgerBalance(String accountType, String owner) {
        Long sum = jdbc.queryForObject("""
                select coalesce(sum(amount_minor), 0) from ledger_entry where account_type = ? and owner = ?""",
                Long.class, accountType, owner);
        return sum == null ? 0 : sum;
    }

    private long count(String sql, Object... arguments) {
        Long count = jdbc.queryForObject(sql, Long.class, arguments);
        return count == null ? 0 : count;
    }
}
