package org.ristourne.broker.subscribe.stripewebhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ristourne.billing.standin.StripeEvents;
import org.ristourne.billing.standin.StripeFixtures;
import org.ristourne.billing.standin.StripeStandIn;
import org.ristourne.broker.support.EpochMicros;
import org.ristourne.support.DatabaseSnapshot;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.Processors;

/**
 * Stripe's webhook as Stripe meets it: the running broker on a random port, events signed exactly as Stripe signs
 * them (billing's {@code StripeEvents}) and verified by billing's stripe-java verifier, each acted on once.
 */
abstract class StripeWebhookIntegrationTest extends StripeWebhookContext {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    String customerId;
    String stripeCustomerId;
    Instant periodStart;
    Instant periodEnd;

    @BeforeEach
    void aRegisteredCustomerWhoseCheckoutIsUnderWay() {
        OperatorClient operator = new OperatorClient("http://127.0.0.1:" + port);
        customerId = operator.call("POST", "/operator/customers", "{}", 201).get("customerId").asString();
        stripeCustomerId = "cus_" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
        periodStart = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(1));
        periodEnd = periodStart.plus(Duration.ofDays(30));
    }

    @Test
    void aCompletedCheckoutRecordsWhoTheCustomerIsInStripeAndInWhichCurrency() {
        HttpResponse<String> response = send(newEventId(), "checkout.session.completed", checkout(customerId));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"outcome\":\"recorded\"");
        assertThat(billingCustomer()).containsEntry("STRIPE_CUSTOMER_ID", stripeCustomerId)
                .containsEntry("CURRENCY", "EUR");
    }

    @Test
    void aPaidSubscriptionInvoiceRecordsThePeriodWithTheAmountPaid() {
        send(newEventId(), "checkout.session.completed", checkout(customerId));

        HttpResponse<String> response = send(newEventId(), "invoice.paid", invoicePaid(990, "eur"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"outcome\":\"recorded\"");
        assertPeriodPaid(990, "EUR");
        assertThat(periodsRecorded()).isEqualTo(1);
    }

    @Test
    void theSameEventDeliveredTwiceChangesNothingTheSecondTime() {
        String checkoutEvent = newEventId();
        String invoiceEvent = newEventId();
        JsonObject invoice = invoicePaid(990, "eur");
        send(checkoutEvent, "checkout.session.completed", checkout(customerId));
        send(invoiceEvent, "invoice.paid", invoice);
        assertPeriodPaid(990, "EUR");
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        Map<String, List<String>> before = DatabaseSnapshot.of(dataSource);

        HttpResponse<String> againCheckout = send(checkoutEvent, "checkout.session.completed", checkout(customerId));
        HttpResponse<String> againInvoice = send(invoiceEvent, "invoice.paid", invoice);

        assertThat(againCheckout.statusCode()).isEqualTo(200);
        assertThat(againCheckout.body()).contains("\"duplicate\":true");
        assertThat(againInvoice.statusCode()).isEqualTo(200);
        assertThat(againInvoice.body()).contains("\"outcome\":\"recorded\"").contains("\"duplicate\":true");
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        assertThat(DatabaseSnapshot.of(dataSource)).isEqualTo(before);
    }

    /** Stripe may send an event again while its first delivery is still being handled. */
    @Test
    void theSameEventDeliveredConcurrentlyIsActedOnOnce() throws Exception {
        send(newEventId(), "checkout.session.completed", checkout(customerId));
        String eventId = newEventId();
        String body = StripeEvents.event(eventId, "invoice.paid", invoicePaid(990, "eur"), Instant.now());
        String signature = StripeEvents.signature(body, StripeStandIn.WEBHOOK_SECRET, Instant.now());
        int deliveries = 6;
        ExecutorService pool = Executors.newFixedThreadPool(deliveries);
        try {
            List<Future<HttpResponse<String>>> answers = pool.invokeAll(
                    java.util.Collections.nCopies(deliveries, () -> post(body, signature)));
            long firsts = 0;
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get();
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                assertThat(response.body()).contains("\"outcome\":\"recorded\"");
                firsts += response.body().contains("\"duplicate\":false") ? 1 : 0;
            }
            assertThat(firsts).as("deliveries that acted on the event").isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(periodsRecorded()).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from stripe_event where event_id = ?", Integer.class, eventId))
                .isEqualTo(1);
        assertPeriodPaid(990, "EUR");
    }

    @Test
    void anInvoicePaidBeforeItsCheckoutCompletedIsKeptAndAppliedWhenItDoes() {
        String invoiceEvent = newEventId();
        HttpResponse<String> early = send(invoiceEvent, "invoice.paid", invoicePaid(990, "eur"));
        assertThat(early.statusCode()).isEqualTo(200);
        assertThat(early.body()).contains("\"outcome\":\"awaiting-checkout\"");
        assertThat(periodsRecorded()).isZero();

        send(newEventId(), "checkout.session.completed", checkout(customerId));

        assertPeriodPaid(990, "EUR");
        assertThat(periodsRecorded()).isEqualTo(1);
        assertThat(jdbc.queryForObject("select outcome from stripe_event where event_id = ?", String.class,
                invoiceEvent)).isEqualTo("recorded-late");
    }

    @Test
    void aBadSignatureIs400AndChangesNothing() {
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        Map<String, List<String>> before = DatabaseSnapshot.of(dataSource);
        String body = StripeEvents.event(newEventId(), "checkout.session.completed", checkout(customerId),
                Instant.now());

        HttpResponse<String> forged = post(body, StripeEvents.signature(body, "whsec_someone_else", Instant.now()));
        HttpResponse<String> tampered = post(body.replace(stripeCustomerId, "cus_tampered"),
                StripeEvents.signature(body, StripeStandIn.WEBHOOK_SECRET, Instant.now()));
        HttpResponse<String> unsigned = post(body, null);

        for (HttpResponse<String> response : List.of(forged, tampered, unsigned)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(response.body()).contains("/problems/invalid-stripe-signature");
        }
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        assertThat(DatabaseSnapshot.of(dataSource)).isEqualTo(before);
    }

    /**
     * Badly signed events from one source (through the test's loopback "proxy", which application.yml trusts) are
     * refused 400 up to the burst of failed attempts, then 429 with Retry-After before anything else is done; Stripe's
     * own events, from elsewhere, are recorded meanwhile. The source earns a failure back each second: those it may
     * spend, and they are refused 400 again.
     */
    @Test
    void aFloodOfBadlySignedEventsFromOneSourceIsThrottledWhileStripesEventsGoThrough() {
        String flood = "198.51.100." + (1 + new java.util.Random().nextInt(254));
        String body = StripeEvents.event(newEventId(), "checkout.session.completed", checkout(customerId),
                Instant.now());
        String forged = StripeEvents.signature(body, "whsec_someone_else", Instant.now());
        long started = System.nanoTime();
        int refused400 = 0;
        int refused429 = 0;
        for (int i = 0; i < 100; i++) {
            HttpResponse<String> answer = post(body, forged, flood);
            if (answer.statusCode() == 400) {
                assertThat(answer.body()).contains("/problems/invalid-stripe-signature");
                refused400++;
                continue;
            }
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(429);
            assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(answer.body()).contains("\"type\":\"/problems/too-many-failed-attempts\"");
            refused429++;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(refused400).as("400s in %.1f s", seconds).isBetween(20, 20 + (int) Math.ceil(seconds) + 1);
        assertThat(refused429).isEqualTo(100 - refused400);

        HttpResponse<String> stripes = send(newEventId(), "checkout.session.completed", checkout(customerId));
        assertThat(stripes.statusCode()).as(stripes.body()).isEqualTo(200);
    }

    @Test
    void aCheckoutForACustomerWeDoNotKnowIsKeptAndAnswered200() {
        String eventId = newEventId();

        HttpResponse<String> response = send(eventId, "checkout.session.completed", checkout("cus-nobody-we-know"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"outcome\":\"unknown-object\"");
        assertThat(jdbc.queryForObject("select count(*) from billing_customer where stripe_customer_id = ?",
                Integer.class, stripeCustomerId)).isZero();
        Map<String, Object> kept = jdbc.queryForMap("select type, object_id, outcome, detail from stripe_event"
                + " where event_id = ?", eventId);
        assertThat(kept.get("OUTCOME")).isEqualTo("unknown-object");
        assertThat((String) kept.get("DETAIL")).contains("cus-nobody-we-know");
    }

    @Test
    void aFailedInvoicePaymentIsKeptAndRecordsNoPeriod() {
        send(newEventId(), "checkout.session.completed", checkout(customerId));
        String eventId = newEventId();
        JsonObject invoice = invoicePaid(0, "eur");
        invoice.addProperty("status", "open");

        HttpResponse<String> response = send(eventId, "invoice.payment_failed", invoice);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"outcome\":\"payment-failed\"");
        assertThat(jdbc.queryForObject("select customer_id from stripe_event where event_id = ?", String.class,
                eventId)).isEqualTo(customerId);
        assertThat(periodsRecorded()).isZero();
    }

    /** Events the broker cannot or need not act on are stored with what happened, and Stripe is told 200. */
    @ParameterizedTest(name = "{0} ({1}) kept as {2}")
    @CsvSource({
            "customer.subscription.deleted, of a Stripe customer we do not know, unknown-object",
            "checkout.session.completed, in payment mode, ignored",
            "invoice.paid, of a one-off invoice, ignored",
            "customer.created, a type the broker does not act on, ignored"})
    void anEventTheBrokerDoesNotActOnIsKeptWithItsOutcomeAndAnswered200(String type, String what, String outcome) {
        send(newEventId(), "checkout.session.completed", checkout(customerId));
        String eventId = newEventId();
        JsonObject object = switch (type) {
            case "customer.subscription.deleted" -> {
                JsonObject subscription = StripeFixtures.object("subscription");
                subscription.addProperty("customer", "cus_NotOurs");
                subscription.addProperty("ended_at", Instant.now().getEpochSecond());
                yield subscription;
            }
            case "checkout.session.completed" -> {
                JsonObject session = checkout(customerId);
                session.addProperty("mode", "payment");
                yield session;
            }
            case "invoice.paid" -> {
                JsonObject invoice = invoicePaid(990, "eur");
                invoice.addProperty("billing_reason", "manual");
                invoice.add("parent", null);
                yield invoice;
            }
            default -> StripeFixtures.object("customer");
        };

        HttpResponse<String> response = send(eventId, type, object);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"outcome\":\"" + outcome + "\"");
        assertThat(jdbc.queryForObject("select outcome from stripe_event where event_id = ? and type = ?",
                String.class, eventId, type)).isEqualTo(outcome);
        assertThat(periodsRecorded()).isZero();
    }

    @Test
    void aBodyOverTheLimitIs413AndChangesNothing() {
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        Map<String, List<String>> before = DatabaseSnapshot.of(dataSource);
        JsonObject session = checkout(customerId);
        session.addProperty("padding", "x".repeat(StripeWebhookController.MAX_BODY_BYTES));
        String body = StripeEvents.event(newEventId(), "checkout.session.completed", session, Instant.now());

        HttpResponse<String> response = post(body, StripeEvents.signature(body, StripeStandIn.WEBHOOK_SECRET,
                Instant.now()));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.body()).contains("/problems/body-too-large");
        assertThat(DatabaseSnapshot.of(dataSource)).isEqualTo(before);
    }

    @Test
    void anEndedSubscriptionEndsTheCustomersPaidPeriod() {
        send(newEventId(), "checkout.session.completed", checkout(customerId));
        send(newEventId(), "invoice.paid", invoicePaid(990, "eur"));
        Instant endedAt = periodStart.plus(Duration.ofDays(3));
        JsonObject subscription = StripeFixtures.object("subscription");
        subscription.addProperty("customer", stripeCustomerId);
        subscription.addProperty("status", "canceled");
        subscription.addProperty("ended_at", endedAt.getEpochSecond());

        HttpResponse<String> response = send(newEventId(), "customer.subscription.deleted", subscription);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"outcome\":\"ended\"");
        assertThat(jdbc.queryForObject("select max(active_until_us) from directory_subscription_period"
                + " where customer_id = ?", Long.class, customerId)).isEqualTo(EpochMicros.of(endedAt));
    }

    /** The customer's aggregate refuses (nothing to end): its transaction is rolled back, the event kept with why. */
    @Test
    void anEventTheCustomerRefusesIsKeptWithTheReasonAndAnswered200() {
        send(newEventId(), "checkout.session.completed", checkout(customerId));
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        Map<String, List<String>> before = DatabaseSnapshot.of(dataSource);
        String eventId = newEventId();
        JsonObject subscription = StripeFixtures.object("subscription");
        subscription.addProperty("customer", stripeCustomerId);
        subscription.addProperty("ended_at", Instant.now().getEpochSecond());

        HttpResponse<String> response = send(eventId, "customer.subscription.deleted", subscription);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"outcome\":\"refused-not-subscribed\"");
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        Map<String, List<String>> after = DatabaseSnapshot.of(dataSource);
        assertThat(after.get("stripe_event")).hasSize(before.get("stripe_event").size() + 1);
        after.remove("stripe_event");
        before.remove("stripe_event");
        assertThat(after).as("nothing but the kept event changed").isEqualTo(before);
    }

    /** This broker has a webhook secret but no Stripe key: checkout says so plainly, periods are recorded by hand. */
    @Test
    void withoutAStripeKeyCheckoutAnswers503AndTheOperatorStillRecordsPeriodsByHand() {
        OperatorClient operator = new OperatorClient("http://127.0.0.1:" + port);

        var checkout = operator.raw("POST", "/operator/customers/" + customerId + "/checkout",
                "{\"successUrl\":\"https://ristourne.example/ok\",\"cancelUrl\":\"https://ristourne.example/no\"}",
                OperatorClient.PASSWORD);
        operator.call("POST", "/operator/customers/" + customerId + "/subscription-periods",
                "{\"activeFrom\":\"%s\",\"activeUntil\":\"%s\",\"amountPaid\":{\"amount\":990,\"currency\":\"EUR\"}}"
                        .formatted(periodStart, periodEnd), 204);

        assertThat(checkout.statusCode()).as(checkout.body()).isEqualTo(503);
        assertThat(checkout.body()).contains("/problems/stripe-not-configured")
                .contains("Stripe is not configured on this broker").contains("subscription-periods");
        assertThat(jdbc.queryForObject("select count(*) from stripe_customer where customer_id = ?", Integer.class,
                customerId)).isZero();
        assertPeriodPaid(990, "EUR");
    }

    @Test
    void subscriptionEventsKeepItsStatusAndAnOlderOneArrivingLateChangesNothing() {
        send(newEventId(), "checkout.session.completed", checkout(customerId));
        String subscriptionId = "sub_" + stripeCustomerId.substring(4);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(3));

        assertThat(sendCreated(newEventId(), "customer.subscription.created",
                subscription(subscriptionId, "incomplete", false), t0)).contains("\"outcome\":\"recorded\"");
        String updated = newEventId();
        assertThat(sendCreated(updated, "customer.subscription.updated", subscription(subscriptionId, "active", true),
                t0.plusSeconds(120))).contains("\"outcome\":\"recorded\"");
        Map<String, Object> newest = billingSubscription(subscriptionId);
        assertThat(newest).containsEntry("CUSTOMER_ID", customerId).containsEntry("STATUS", "active")
                .containsEntry("CANCEL_AT_PERIOD_END", true).containsEntry("EVENT_ID", updated)
                .containsEntry("CURRENT_PERIOD_START_US", EpochMicros.of(periodStart))
                .containsEntry("CURRENT_PERIOD_END_US", EpochMicros.of(periodEnd));

        String older = sendCreated(newEventId(), "customer.subscription.updated",
                subscription(subscriptionId, "past_due", false), t0.plusSeconds(60));
        String again = sendCreated(updated, "customer.subscription.updated", subscription(subscriptionId, "active", true),
                t0.plusSeconds(120));

        assertThat(older).contains("\"outcome\":\"stale\"");
        assertThat(again).contains("\"duplicate\":true");
        assertThat(billingSubscription(subscriptionId)).isEqualTo(newest);
    }

    @Test
    void aDeletedSubscriptionEndsThePeriodAndSetsItsStatus() {
        send(newEventId(), "checkout.session.completed", checkout(customerId));
        send(newEventId(), "invoice.paid", invoicePaid(990, "eur"));
        String subscriptionId = "sub_" + stripeCustomerId.substring(4);
        sendCreated(newEventId(), "customer.subscription.created", subscription(subscriptionId, "active", false),
                Instant.now().minusSeconds(60));
        JsonObject deleted = subscription(subscriptionId, "canceled", false);
        deleted.addProperty("ended_at", periodStart.plus(Duration.ofDays(3)).getEpochSecond());

        assertThat(send(newEventId(), "customer.subscription.deleted", deleted).body())
                .contains("\"outcome\":\"ended\"");

        assertThat(billingSubscription(subscriptionId)).containsEntry("STATUS", "canceled");
    }

    @Test
    void aSubscriptionOfAStripeCustomerWeDoNotKnowIsKeptAndLogged() {
        String eventId = newEventId();
        JsonObject subscription = subscription("sub_NotOurs", "active", false);
        subscription.addProperty("customer", "cus_NotOurs");

        HttpResponse<String> response = send(eventId, "customer.subscription.created", subscription);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"outcome\":\"unknown-object\"");
        assertThat(jdbc.queryForObject("select detail from stripe_event where event_id = ?", String.class, eventId))
                .contains("cus_NotOurs");
        assertThat(jdbc.queryForObject("select count(*) from billing_subscription where stripe_subscription_id = ?",
                Integer.class, "sub_NotOurs")).isZero();
    }

    private JsonObject subscription(String subscriptionId, String status, boolean cancelAtPeriodEnd) {
        JsonObject subscription = StripeFixtures.object("subscription");
        subscription.addProperty("id", subscriptionId);
        subscription.addProperty("customer", stripeCustomerId);
        subscription.addProperty("status", status);
        subscription.addProperty("cancel_at_period_end", cancelAtPeriodEnd);
        JsonObject item = subscription.getAsJsonObject("items").getAsJsonArray("data").get(0).getAsJsonObject();
        item.addProperty("current_period_start", periodStart.getEpochSecond());
        item.addProperty("current_period_end", periodEnd.getEpochSecond());
        return subscription;
    }

    private Map<String, Object> billingSubscription(String subscriptionId) {
        return jdbc.queryForMap("""
                select customer_id, stripe_customer_id, status, current_period_start_us, current_period_end_us,
                       cancel_at_period_end, event_created_at_us, event_id
                from billing_subscription where stripe_subscription_id = ?""", subscriptionId);
    }

    private String sendCreated(String eventId, String type, JsonObject object, Instant created) {
        String body = StripeEvents.event(eventId, type, object, created);
        HttpResponse<String> response = post(body, StripeEvents.signature(body, StripeStandIn.WEBHOOK_SECRET,
                Instant.now()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private JsonObject checkout(String clientReference) {
        JsonObject session = StripeFixtures.object("checkout_session");
        session.addProperty("id", "cs_test_" + UUID.randomUUID().toString().replace("-", ""));
        session.addProperty("mode", "subscription");
        session.addProperty("status", "complete");
        session.addProperty("payment_status", "paid");
        session.addProperty("client_reference_id", clientReference);
        session.addProperty("customer", stripeCustomerId);
        session.addProperty("currency", "eur");
        session.addProperty("subscription", "sub_standin");
        return session;
    }

    private JsonObject invoicePaid(long amountPaid, String currency) {
        JsonObject invoice = StripeFixtures.object("invoice");
        invoice.addProperty("id", "in_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20));
        invoice.addProperty("customer", stripeCustomerId);
        invoice.addProperty("status", "paid");
        invoice.addProperty("billing_reason", "subscription_create");
        invoice.addProperty("currency", currency);
        invoice.addProperty("amount_paid", amountPaid);
        JsonArray lines = invoice.getAsJsonObject("lines").getAsJsonArray("data");
        JsonObject period = lines.get(0).getAsJsonObject().getAsJsonObject("period");
        period.addProperty("start", periodStart.getEpochSecond());
        period.addProperty("end", periodEnd.getEpochSecond());
        return invoice;
    }

    private void assertPeriodPaid(long amountMinor, String currency) {
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(jdbc.queryForList("""
                select currency, amount_minor from subscription_payment
                where customer_id = ? and active_from_us = ? and active_until_us = ?""", customerId,
                EpochMicros.of(periodStart), EpochMicros.of(periodEnd)))
                .singleElement().satisfies(row -> {
                    assertThat(row.get("CURRENCY")).isEqualTo(currency);
                    assertThat(((Number) row.get("AMOUNT_MINOR")).longValue()).isEqualTo(amountMinor);
                }));
    }

    private long periodsRecorded() {
        return jdbc.queryForObject("""
                select count(*) from domain_event_entry where aggregate_identifier = ? and payload_type like ?""",
                Long.class, customerId, "%.SubscriptionPeriodRecorded");
    }

    private Map<String, Object> billingCustomer() {
        return jdbc.queryForMap("select stripe_customer_id, currency from billing_customer where customer_id = ?",
                customerId);
    }

    private static String newEventId() {
        return "evt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    private HttpResponse<String> send(String eventId, String type, JsonObject object) {
        String body = StripeEvents.event(eventId, type, object, Instant.now());
        return post(body, StripeEvents.signature(body, StripeStandIn.WEBHOOK_SECRET, Instant.now()));
    }

    private HttpResponse<String> post(String body, String signature) {
        return post(body, signature, null);
    }

    private HttpResponse<String> post(String body, String signature, String forwardedFor) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/stripe"))
                .timeout(WAIT).header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        if (signature != null) {
            request.header("Stripe-Signature", signature);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("POST /webhooks/stripe failed", e);
        }
    }
}
