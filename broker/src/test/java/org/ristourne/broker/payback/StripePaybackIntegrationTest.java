package org.ristourne.broker.payback;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.ristourne.billing.standin.RecordedRequest;
import org.ristourne.billing.standin.StripeStandIn;
import org.ristourne.broker.api.SaleId;
import org.ristourne.broker.api.see.StatementLine;
import org.ristourne.broker.see.payouts.PayoutProjection;
import org.ristourne.broker.see.payouts.PayoutProjection.PayoutView;
import org.ristourne.ledger.money.Money;
import org.ristourne.support.StripeStandInProperties;
import org.ristourne.support.Processors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole pay-back path with billing's real Stripe adapter against the Stripe stand-in over HTTP: a funded rebate
 * is reserved as a payout and credited to the customer's Stripe balance exactly once, for exactly the ledger's amount,
 * even when Stripe fails or times out on the first attempts; the statement then shows the sale CREDITED.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"ristourne.deadlines.polling-interval=1s", "ristourne.test.context=stripe-payback",
                "ristourne.payback.first-retry-delay=1s", "ristourne.payback.max-retry-delay=2s",
                "ristourne.payback.minimum-payout.EUR=5.00", "ristourne.payback.max-attempts=" + 3})
abstract class StripePaybackIntegrationTest extends PaybackScenario {

    /** One stand-in for the H2 and MariaDB subclasses, never stopped: their contexts stay cached until the JVM ends. */
    static final StripeStandIn STRIPE = StripeStandIn.start();
    private static final String BALANCE_TRANSACTIONS = "/v1/customers/%s/balance_transactions";

    @Autowired
    PayoutProjection payouts;

    @DynamicPropertySource
    static void stripe(DynamicPropertyRegistry registry) {
        StripeStandInProperties.register(registry, STRIPE);
    }

    @Test
    void aFundedRebateIsCreditedOnceForTheLedgersAmountThoughStripeFailedTwice() {
        String path = BALANCE_TRANSACTIONS.formatted(stripeCustomerId());
        STRIPE.givenCustomer(stripeCustomerId());
        knownToStripe("EUR");
        STRIPE.answerNext(2, request -> request.is("POST", path), 500);

        SaleId sale = confirmedSale("ord_a", Money.of(12999, "EUR"), Money.of(4200, "EUR"));
        fund(sale);

        assertCreditedOnceAndPaid(sale, path);
        List<RecordedRequest> creates = STRIPE.requests("POST", path);
        assertThat(creates).as("two answers of 500, then the same request accepted").hasSize(3);
        assertThat(creates).extracting(RecordedRequest::idempotencyKey).containsOnly(creates.get(0).idempotencyKey());
        assertThat(creates).extracting(RecordedRequest::stripeVersion).containsOnly(StripeStandIn.API_VERSION);
        assertThat(creates.get(0).params()).containsEntry("amount", "-630").containsEntry("currency", "eur");
    }

    @Test
    void twoAttemptsThatTimedOutStillEndInExactlyOneCredit() {
        String path = BALANCE_TRANSACTIONS.formatted(stripeCustomerId());
        STRIPE.givenCustomer(stripeCustomerId());
        knownToStripe("EUR");
        // Whatever the first two attempts ask (the look-up, or the credit), Stripe answers after the client gave up.
        STRIPE.delayNext(2, request -> request.path().equals(path), StripeStandIn.READ_TIMEOUT.plusSeconds(1));

        SaleId sale = confirmedSale("ord_a", Money.of(12999, "EUR"), Money.of(4200, "EUR"));
        fund(sale);

        assertCreditedOnceAndPaid(sale, path);
        assertThat(STRIPE.requests("POST", path)).as("the look-ups timed out, or the credit's answer did: one credit"
                + " asked for").hasSize(1);
    }

    @Test
    void aCreditWhoseAnswerTimedOutIsFoundAgainAndNotMadeTwice() {
        String path = BALANCE_TRANSACTIONS.formatted(stripeCustomerId());
        STRIPE.givenCustomer(stripeCustomerId());
        knownToStripe("EUR");
        // Stripe makes the credit, but its answer comes after the client has given up waiting
        STRIPE.delayNext(1, request -> request.is("POST", path), StripeStandIn.READ_TIMEOUT.plusSeconds(1));

        SaleId sale = confirmedSale("ord_a", Money.of(12999, "EUR"), Money.of(4200, "EUR"));
        fund(sale);

        assertCreditedOnceAndPaid(sale, path);
    }

    @Test
    void aCreditStripeMadeWhileEveryAnswerFailedUntilTheLastAttemptIsFoundBeforeGivingUpAndPaidOnce() {
        String path = BALANCE_TRANSACTIONS.formatted(stripeCustomerId());
        STRIPE.givenCustomer(stripeCustomerId());
        knownToStripe("EUR");
        // Stripe makes the credit but its answer comes too late; every later attempt fails at its look-up (500),
        // up to the last of the 3 attempts: only the look-up before giving up gets an answer
        STRIPE.delayNext(1, request -> request.is("POST", path), StripeStandIn.READ_TIMEOUT.plusSeconds(1));
        STRIPE.answerNext(2, request -> request.is("GET", path)
                && !STRIPE.balanceTransactions(stripeCustomerId()).isEmpty(), 500);

        SaleId sale = confirmedSale("ord_a", Money.of(12999, "EUR"), Money.of(4200, "EUR"));
        fund(sale);

        assertCreditedOnceAndPaid(sale, path);
        assertThat(STRIPE.requests("POST", path)).as("one create, never another").hasSize(1);
        assertThat(STRIPE.requests("GET", path)).as("a look-up per attempt, then the one before giving up")
                .hasSize(4);
        assertThat(bookEvents("PayoutAbandoned")).isZero();
    }

    @Test
    void withConnectPayoutsOffACustomerWithAConnectedAccountIsCreditedAndNoTransferIsAskedFor() {
        String path = BALANCE_TRANSACTIONS.formatted(stripeCustomerId());
        STRIPE.givenCustomer(stripeCustomerId());
        STRIPE.givenConnectedAccount("acct_1" + run);
        knownToStripe("EUR");
        jdbc.update("update billing_customer set connected_account_id = ? where customer_id = ?", "acct_1" + run,
                customer.value());

        SaleId sale = confirmedSale("ord_a", Money.of(12999, "EUR"), Money.of(4200, "EUR"));
        fund(sale);

        assertCreditedOnceAndPaid(sale, path);
        assertThat(STRIPE.requests()).as("no transfer, not even a look-up")
                .noneMatch(request -> request.path().startsWith("/v1/transfers"));
        assertThat(STRIPE.transfers("acct_1" + run)).isEmpty();
    }

    /**
     * Stripe unavailable "for minutes", compressed: from the first credit asked for, every request about the customer
     * is answered 503, for two attempts. This context retries after 1 s then 2 s; in production the same two failures
     * span first-retry-delay 1 min + 2 min, and up to max-attempts 8 (about two hours with the 1 h cap) before the
     * look-up that precedes giving up. Meanwhile the customer's page (its payout query) says the payout is delayed,
     * with its next attempt; when Stripe is back it is credited exactly once and the notice is gone.
     */
    @Test
    void stripeUnavailableForAWhileShowsThePayoutDelayedThenCreditsItExactlyOnce() {
        String path = BALANCE_TRANSACTIONS.formatted(stripeCustomerId());
        STRIPE.givenCustomer(stripeCustomerId());
        knownToStripe("EUR");
        AtomicBoolean down = new AtomicBoolean();
        STRIPE.answerNext(2, request -> request.path().equals(path)
                && (down.get() || request.is("POST", path) && down.compareAndSet(false, true)), 503);
        Instant outageFrom = Instant.now();

        SaleId sale = confirmedSale("ord_a", Money.of(12999, "EUR"), Money.of(4200, "EUR"));
        fund(sale);

        PayoutView during = Awaitility.await("the payout delayed, or done").atMost(WAIT)
                .pollInterval(Duration.ofMillis(50)).until(this::onlyPayout,
                        view -> view != null && (view.delayed() || view.state() != PayoutProjection.State.REQUESTED));
        assertThat(during.delayed()).as("shown delayed while Stripe fails: %s", during).isTrue();
        assertThat(during.nextAttemptAt()).as("the next attempt, within the longest retry delay")
                .isNotNull().isBefore(Instant.now().plusSeconds(3));

        assertCreditedOnceAndPaid(sale, path);
        Duration outage = Duration.between(outageFrom, Instant.now());
        PayoutView after = onlyPayout();
        assertThat(after).isNotNull();
        assertThat(after.state()).isEqualTo(PayoutProjection.State.SETTLED);
        assertThat(after.delayed()).as("the notice is gone once credited").isFalse();
        assertThat(after.nextAttemptAt()).isNull();
        assertThat(after.failedAttempts()).as("two attempts failed, the third was credited").isEqualTo(2);
        List<RecordedRequest> creates = STRIPE.requests("POST", path);
        assertThat(creates).as("the credit refused once by the outage, then asked again and made").hasSize(2);
        assertThat(creates).extracting(RecordedRequest::idempotencyKey).as("the payout's own key, every time")
                .allSatisfy(key -> assertThat(key).endsWith(after.payoutId()))
                .containsOnly(creates.get(0).idempotencyKey());
        assertThat(STRIPE.requests("GET", path)).as("a look-up per attempt").hasSize(3);
        assertThat(settlementsOf(after.payoutId())).as("PayoutSettled events").isEqualTo(1);
        assertThat(jdbc.queryForObject("""
                select count(*) from (select posting_id from ledger_entry group by posting_id, currency
                                      having sum(amount_minor) <> 0) unbalanced""", Integer.class))
                .as("every posting balanced").isZero();
        System.out.printf("Stripe outage: %d attempts failed, %d requests to Stripe (%d credits asked, 1 made), "
                        + "credited once after %d ms%n", after.failedAttempts(), STRIPE.requests("GET", path).size()
                        + creates.size(), creates.size(), outage.toMillis());
    }

    private @Nullable PayoutView onlyPayout() {
        List<PayoutView> views = payouts.list(null, customer.value(), 10);
        assertThat(views).as("one payout for the customer").hasSizeLessThanOrEqualTo(1);
        return views.isEmpty() ? null : views.get(0);
    }

    /** Events stored for the payout, told apart by the payout id in their payload (the saga publishes them). */
    private long settlementsOf(String payoutId) {
        return jdbc.queryForList("select payload from domain_event_entry where payload_type like '%.PayoutSettled'",
                byte[].class).stream().filter(payload -> new String(payload, StandardCharsets.UTF_8)
                .contains(payoutId)).count();
    }

    private void assertCreditedOnceAndPaid(SaleId sale, String path) {
        Awaitility.await().atMost(WAIT).until(() -> "CREDITED".equals(states().get(sale.toString())));
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        List<JsonObject> credits = STRIPE.balanceTransactions(stripeCustomerId());
        assertThat(credits).as("credits on the customer's Stripe balance").hasSize(1);
        assertThat(credits.get(0).get("amount").getAsLong()).isEqualTo(-630);
        assertThat(credits.get(0).get("currency").getAsString()).isEqualTo("eur");
        assertThat(credits.get(0).getAsJsonObject("metadata").get("payout_id").getAsString()).isNotBlank();
        assertThat(statement()).extracting(StatementLine::paid).containsExactly(Money.of(630, "EUR"));
        assertThat(bookEvents("PayoutAllocated")).isEqualTo(1);
        assertThat(STRIPE.requests("POST", path)).isNotEmpty();
    }
}
