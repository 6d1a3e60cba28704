package org.ristourne.broker.payback;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ristourne.billing.standin.StripeFixtures;
import org.ristourne.billing.standin.StripeStandIn;
import org.ristourne.broker.api.SaleId;
import org.ristourne.broker.api.see.StatementLine;
import org.ristourne.ledger.money.Money;
import org.ristourne.support.DatabaseSnapshot;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.Processors;
import org.ristourne.support.StripeStandInProperties;
import org.ristourne.support.StripeWebhookClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Acceptance 5's "credited, with the Stripe invoice it reduced": a funded rebate is credited to the customer's Stripe
 * balance (billing's adapter against the stand-in), and the customer's next subscription invoice, paid with that
 * credit taken off it, names itself on the statement line.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ristourne.deadlines.polling-interval=1s", "ristourne.test.context=credited-on-invoice",
                "ristourne.payback.first-retry-delay=1s", "ristourne.payback.max-retry-delay=2s",
                "ristourne.payback.minimum-payout.EUR=5.00", "ristourne.operator.password=" + OperatorClient.PASSWORD})
abstract class CreditedOnInvoiceIntegrationTest extends PaybackScenario {

    /**
     * One stand-in for the H2 and MariaDB subclasses, never stopped: the Spring contexts pointing at it stay cached
     * (and their payout sagas may call it) until the test JVM ends, and so does it.
     */
    static final StripeStandIn STRIPE = StripeStandIn.start();

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    StripeWebhookClient webhooks;

    @DynamicPropertySource
    static void stripe(DynamicPropertyRegistry registry) {
        StripeStandInProperties.register(registry, STRIPE);
    }

    @BeforeEach
    void aCustomerWhoseCheckoutCompleted() {
        webhooks = new StripeWebhookClient(port);
        STRIPE.givenCustomer(stripeCustomerId());
        JsonObject session = StripeFixtures.object("checkout_session");
        session.addProperty("id", "cs_test_" + run);
        session.addProperty("mode", "subscription");
        session.addProperty("status", "complete");
        session.addProperty("client_reference_id", customer.value());
        session.addProperty("customer", stripeCustomerId());
        session.addProperty("currency", "eur");
        assertThat(webhooks.send("checkout.session.completed", session)).contains("\"outcome\":\"recorded\"");
    }

    @Test
    void aCreditedRebateNamesTheInvoiceThatTookItOnceAndOnlyOnce() {
        SaleId sale = confirmedSale("ord_c1", Money.of(12999, "EUR"), Money.of(4200, "EUR"));
        fund(sale);
        Awaitility.await().atMost(WAIT).until(() -> "CREDITED".equals(states().get(sale.toString())));
        assertThat(STRIPE.balanceTransactions(stripeCustomerId())).extracting(t -> t.get("amount").getAsLong())
                .containsExactly(-630L);
        assertThat(statement()).singleElement().satisfies(line -> {
            assertThat(line.creditedOnInvoice()).as("on the next invoice, not known yet").isNull();
            assertThat(line.creditedAt()).isNull();
        });

        Instant paidAt = now.truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofDays(2));
        JsonObject invoice = nextInvoice(-630, 0, 990, 360, paidAt);
        String eventId = StripeWebhookClient.newEventId();
        assertThat(webhooks.send(eventId, "invoice.paid", invoice, Instant.now()))
                .contains("\"outcome\":\"recorded\"");

        String invoiceId = invoice.get("id").getAsString();
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(statement()).singleElement()
                .satisfies(line -> {
                    assertThat(line.state()).isEqualTo("CREDITED");
                    assertThat(line.paid()).isEqualTo(Money.of(630, "EUR"));
                    assertThat(line.creditedOnInvoice()).isEqualTo(invoiceId);
                    assertThat(line.creditedAt()).isEqualTo(paidAt);
                }));
        assertThat(creditsApplied()).isEqualTo(1);
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        Map<String, List<String>> before = DatabaseSnapshot.of(dataSource);

        assertThat(webhooks.send(eventId, "invoice.paid", invoice, Instant.now())).contains("\"duplicate\":true");
        assertThat(webhooks.send("invoice.paid", invoice)).as("the same invoice in another event")
                .contains("\"outcome\":\"recorded\"");

        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        Map<String, List<String>> after = DatabaseSnapshot.of(dataSource);
        after.remove("stripe_event");
        before.remove("stripe_event");
        assertThat(after).as("nothing but the kept event changed").isEqualTo(before);
        assertThat(creditsApplied()).isEqualTo(1);
    }

    @Test
    void anInvoiceWithoutCreditNamesNoCreditedLine() {
        SaleId sale = confirmedSale("ord_c2", Money.of(12999, "EUR"), Money.of(4200, "EUR"));
        fund(sale);
        Awaitility.await().atMost(WAIT).until(() -> "CREDITED".equals(states().get(sale.toString())));

        JsonObject invoice = nextInvoice(0, 0, 990, 990, now.plus(Duration.ofDays(2)));
        assertThat(webhooks.send("invoice.paid", invoice)).contains("\"outcome\":\"recorded\"");

        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        assertThat(statement()).extracting(StatementLine::creditedOnInvoice).containsOnlyNulls();
        assertThat(creditsApplied()).isZero();
    }

    /** The customer's renewal invoice, with their balance before and after it. */
    private JsonObject nextInvoice(long startingBalance, long endingBalance, long total, long amountPaid,
                                   Instant paidAt) {
        Instant from = paidAt.minus(Duration.ofHours(1));
        JsonObject invoice = StripeWebhookClient.paidSubscriptionInvoice(stripeCustomerId(), amountPaid, from,
                from.plus(Duration.ofDays(30)));
        invoice.addProperty("starting_balance", startingBalance);
        invoice.addProperty("ending_balance", endingBalance);
        invoice.addProperty("total", total);
        invoice.getAsJsonObject("status_transitions").addProperty("paid_at", paidAt.getEpochSecond());
        return invoice;
    }

    /** The customer's SubscriptionCreditApplied events: one per invoice that took credit. */
    private long creditsApplied() {
        return jdbc.queryForObject("""
                select count(*) from domain_event_entry where aggregate_identifier = ? and payload_type like ?""",
                Long.class, customer.value(), "%.SubscriptionCreditApplied");
    }
}
