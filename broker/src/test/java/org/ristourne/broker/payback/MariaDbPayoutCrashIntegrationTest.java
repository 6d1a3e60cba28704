package org.ristourne.broker.payback;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.ristourne.billing.api.SaleSharesFunded;
import org.ristourne.billing.standin.RecordedRequest;
import org.ristourne.billing.standin.StripeEvents;
import org.ristourne.billing.standin.StripeFixtures;
import org.ristourne.billing.standin.StripeStandIn;
import org.ristourne.support.BrokerProcess;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.OwnTestDatabase;
import org.ristourne.support.SigningVendor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The broker process is killed (SIGKILL) right after Stripe accepted a credit and before the broker heard of it: the
 * stand-in makes the credit and holds its answer back, and the test kills the process as soon as the credit exists.
 * Nothing of the payout's outcome is recorded then. After a restart on the same database the payout is credited
 * exactly once: billing looks the credit up by the payout id in its metadata before asking again, and any request
 * it sends carries the payout's idempotency key, whether Stripe still remembers the key or (24 hours later) not.
 * Runs in a database of its own: other test contexts of this JVM would act as further nodes.
 */
@EnabledIfEnvironmentVariable(named = "RISTOURNE_TEST_MYSQL_URL", matches = ".+",
        disabledReason = "set RISTOURNE_TEST_MYSQL_URL (jdbc:mysql://host:3306/db) to run against MySQL/MariaDB")
class MariaDbPayoutCrashIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String STRIPE_CUSTOMER = "cus_crash";
    private static final String VENDOR = "crash-vendor";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final List<BrokerProcess> processes = new ArrayList<>();
    private OwnTestDatabase database;
    private JdbcTemplate jdbc;
    private StripeStandIn stripe;

    @BeforeEach
    void freshDatabaseAndStripe() throws SQLException {
        database = OwnTestDatabase.recreate("crash");
        jdbc = database.jdbc();
        stripe = StripeStandIn.start();
        stripe.givenCustomer(STRIPE_CUSTOMER);
    }

    @AfterEach
    void stopEverything() throws SQLException {
        processes.forEach(BrokerProcess::close);
        stripe.close();
        database.close();
    }

    @Test
    void aCreditStripeMadeBeforeTheBrokerWasKilledIsNotMadeAgainAfterTheRestart() {
        String payoutId = killedRightAfterStripeCredited();

        restartAndAwaitPaid();

        assertCreditedOnce(payoutId);
        assertThat(creditPosts()).as("every credit request carries the payout's idempotency key")
                .extracting(RecordedRequest::idempotencyKey).containsOnly("ristourne-credit-" + payoutId);
    }

    @Test
    void aCreditStripeMadeBeforeTheBrokerWasKilledIsFoundByItsPayoutIdOnceTheKeyHasExpired() {
        String payoutId = killedRightAfterStripeCredited();
        stripe.expireIdempotencyKeys();

        restartAndAwaitPaid();

        assertCreditedOnce(payoutId);
        assertThat(stripe.requests("GET", "/v1/customers/" + STRIPE_CUSTOMER + "/balance_transactions"))
                .as("the restarted broker looked the credit up by its metadata").isNotEmpty();
    }

    /** A funded 6.30 EUR rebate, its credit made by Stripe, and the broker killed before Stripe's answer arrived. */
    private String killedRightAfterStripeCredited() {
        BrokerProcess broker = start("payout-crash-before");
        OperatorClient operator = new OperatorClient(broker.baseUrl());
        String secret = operator.onboardVendor(VENDOR, 2000, 2500, 0);
        OperatorClient.Customer customer = operator.subscribedCustomerOf(VENDOR);
        HttpResponse<String> checkout = sendStripeEvent(broker, "checkout.session.completed",
                StripeFixtures.completedSubscriptionCheckout("cs_test_crash", customer.customerId(), STRIPE_CUSTOMER,
                        "eur"));
        assertThat(checkout.statusCode()).as(checkout.body()).isEqualTo(200);
        // Stripe makes the credit, then answers only after the broker is long dead.
        stripe.delayNext(1, request -> request.is("POST", creditPath()), Duration.ofMinutes(3));

        HttpResponse<String> report = new SigningVendor(broker.baseUrl(), VENDOR, secret).send(
                SigningVendor.saleCompleted("ord_crash", customer.customerRef(), "EUR", 12999, 4200L, Instant.now()));
        assertThat(report.statusCode()).as(report.body()).isEqualTo(202);
        String saleKey = VENDOR + "/ord_crash";
        Awaitility.await("the sale confirmed").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> "CONFIRMED".equals(lineState(saleKey)));
        operator.call("POST", "/operator/test/fundings/" + VENDOR + "/ord_crash", null, 204);

        Awaitility.await("Stripe holds the credit").atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> stripe.balanceTransactions(STRIPE_CUSTOMER).size() == 1);
        broker.kill();

        assertThat(count("select count(*) from domain_event_entry where payload_type like '%.PayoutSettled'"))
                .as("nothing of the credit's outcome was recorded before the kill").isZero();
        assertThat(jdbc.queryForObject("select paid_minor from customer_statement_line where sale_key = ?",
                Long.class, saleKey)).isZero();
        JsonObject credit = stripe.balanceTransactions(STRIPE_CUSTOMER).get(0);
        return credit.getAsJsonObject("metadata").get("payout_id").getAsString();
    }

    private void restartAndAwaitPaid() {
        start("payout-crash-after");
        Awaitility.await("the payout recorded as paid after the restart").atMost(WAIT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> count("select count(*) from customer_statement_line where paid_minor = 630") == 1);
        // Anything still running would show now: a second credit, a second settlement.
        Awaitility.await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
    }

    private void assertCreditedOnce(String payoutId) {
        List<JsonObject> credits = stripe.balanceTransactions(STRIPE_CUSTOMER);
        assertThat(credits).as("credits on the customer's Stripe balance").hasSize(1);
        assertThat(credits.get(0).get("amount").getAsLong()).isEqualTo(-630);
        assertThat(credits.get(0).get("currency").getAsString()).isEqualTo("eur");
        assertThat(count("select count(*) from domain_event_entry where payload_type like '%.PayoutSettled'"))
                .as("the payout settled once").isEqualTo(1);
        assertThat(count("select count(*) from payout_line where payout_id = '" + payoutId + "' and not reversed"))
                .isEqualTo(1);
        assertThat(count("select count(*) from domain_event_entry where payload_type like '%.PayoutAbandoned'"))
                .isZero();
        assertThat(jdbc.queryForObject("""
                select coalesce(sum(amount_minor), 0) from ledger_entry
                where account_type = 'CUSTOMER_REBATE_PAYABLE' and currency = 'EUR'""", Long.class))
                .as("nothing left payable: the rebate was paid once, not twice").isZero();
    }

    private List<RecordedRequest> creditPosts() {
        return stripe.requests("POST", creditPath());
    }

    private static String creditPath() {
        return "/v1/customers/" + STRIPE_CUSTOMER + "/balance_transactions";
    }

    private BrokerProcess start(String name) {
        BrokerProcess broker = BrokerProcess.start(name, database.url(), database.user(), database.password(),
                BrokerProcess.TEST_JVM,
                Map.of("spring.datasource.hikari.maximum-pool-size", "16",
                        "ristourne.stripe.secret-key", StripeStandIn.SECRET_KEY,
                        "ristourne.stripe.webhook-signing-secret", StripeStandIn.WEBHOOK_SECRET,
                        "ristourne.stripe.api-base", stripe.baseUrl().toString(),
                        // Longer than the test takes to kill it: the broker is still waiting for Stripe's answer.
                        "ristourne.stripe.read-timeout", "PT2M",
                        "ristourne.payback.minimum-payout.EUR", "5.00",
                        "ristourne.payback.first-retry-delay", "PT1S",
                        "ristourne.payback.max-retry-delay", "PT2S",
                        "ristourne.deadlines.polling-interval", "PT1S"),
                List.of(FundingByHand.class));
        processes.add(broker);
        return broker.awaitHealthy(Duration.ofSeconds(120));
    }

    private static HttpResponse<String> sendStripeEvent(BrokerProcess broker, String type, JsonObject object) {
        String body = StripeEvents.event("evt_crash_" + type.replace('.', '_'), type, object, Instant.now());
        HttpRequest request = HttpRequest.newBuilder(URI.create(broker.baseUrl() + "/webhooks/stripe"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json; charset=utf-8")
                .header("Stripe-Signature", StripeEvents.signature(body, StripeStandIn.WEBHOOK_SECRET, Instant.now()))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError("POST /webhooks/stripe failed", e);
        }
    }

    private String lineState(String saleKey) {
        List<String> states = jdbc.queryForList("select state from customer_statement_line where sale_key = ?",
                String.class, saleKey);
        return states.isEmpty() ? null : states.get(0);
    }

    private long count(String sql) {
        return database.count(sql);
    }

    /**
     * Added to the broker process only: the vendor's payment of a sale's shares, as billing reports it once a vendor
     * invoice is paid, published by hand so that this test needs nothing of vendor invoicing.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class FundingByHand {

        @Bean
        FundingEndpoint fundingEndpoint(EventGateway events, PlatformTransactionManager transactions) {
            return new FundingEndpoint(events, new TransactionTemplate(transactions));
        }
    }

    @RestController
    static class FundingEndpoint {

        private final EventGateway events;
        private final TransactionTemplate transactions;

        FundingEndpoint(EventGateway events, TransactionTemplate transactions) {
            this.events = events;
            this.transactions = transactions;
        }

        @PostMapping("/operator/test/fundings/{vendorId}/{saleId}")
        @ResponseStatus(HttpStatus.NO_CONTENT)
        void fund(@PathVariable String vendorId, @PathVariable String saleId) {
            transactions.executeWithoutResult(status -> events.publish(new SaleSharesFunded(vendorId + "/" + saleId,
                    "in_crash", Instant.now())));
        }
    }
}
