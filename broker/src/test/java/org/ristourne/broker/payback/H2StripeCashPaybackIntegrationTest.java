package org.ristourne.broker.payback;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.ristourne.billing.standin.RecordedRequest;
import org.ristourne.billing.standin.StripeStandIn;
import org.ristourne.broker.api.SaleId;
import org.ristourne.broker.api.see.StatementLine;
import org.ristourne.broker.see.ledger.CustomerStatementProjection;
import org.ristourne.ledger.money.Money;
import org.ristourne.support.OnH2;
import org.ristourne.support.Processors;
import org.ristourne.support.StripeStandInProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Cash through Stripe Connect, switched on, with billing's real adapter against the Stripe stand-in over HTTP: a
 * customer with a connected account is paid one transfer for exactly the ledger's amount although Stripe failed twice,
 * nothing is credited to their Stripe balance, and the line is PAID, in cash; a customer without one is credited.
 */
@OnH2
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"ristourne.deadlines.polling-interval=1s", "ristourne.test.context=stripe-cash",
                "ristourne.payback.first-retry-delay=1s", "ristourne.payback.max-retry-delay=2s",
                "ristourne.payback.minimum-payout.EUR=5.00", "ristourne.stripe.connect-payouts=true"})
class H2StripeCashPaybackIntegrationTest extends PaybackScenario {

    private static final StripeStandIn STRIPE = StripeStandIn.start();
    private static final String TRANSFERS = "/v1/transfers";

    @Autowired CustomerStatementProjection statements;

    @DynamicPropertySource
    static void stripe(DynamicPropertyRegistry registry) {
        StripeStandInProperties.register(registry, STRIPE);
    }

    @AfterAll
    static void stopStripe() {
        STRIPE.close();
    }

    @Test
    void aCustomerWithAConnectedAccountIsPaidOneTransferAndNothingIsCredited() {
        String account = "acct_1" + run;
        STRIPE.givenCustomer(stripeCustomerId());
        STRIPE.givenConnectedAccount(account);
        knownToStripe("EUR");
        jdbc.update("update billing_customer set connected_account_id = ? where customer_id = ?", account,
                customer.value());
        STRIPE.answerNext(2, request -> request.is("POST", TRANSFERS)
                && account.equals(request.params().get("destination")), 500);

        SaleId sale = confirmedSale("ord_a", Money.of(12999, "EUR"), Money.of(4200, "EUR"));
        fund(sale);

        awaitSettled(sale, "PAID");
        List<JsonObject> transfers = STRIPE.transfers(account);
        assertThat(transfers).as("transfers to the customer's connected account").hasSize(1);
        assertThat(transfers.get(0).get("amount").getAsLong()).isEqualTo(630);
        assertThat(transfers.get(0).get("currency").getAsString()).isEqualTo("eur");
        assertThat(transfers.get(0).getAsJsonObject("metadata").get("customer_id").getAsString())
                .isEqualTo(customer.value());
        List<RecordedRequest> creates = STRIPE.requests("POST", TRANSFERS).stream()
                .filter(request -> account.equals(request.params().get("destination"))).toList();
        assertThat(creates).as("two answers of 500, then the same request accepted").hasSize(3);
        assertThat(creates).extracting(RecordedRequest::idempotencyKey).containsOnly(
                "ristourne-transfer-" + transfers.get(0).getAsJsonObject("metadata").get("payout_id").getAsString());
        assertThat(STRIPE.balanceTransactions(stripeCustomerId())).as("nothing credited").isEmpty();
        assertThat(statement()).extracting(StatementLine::state, StatementLine::paid)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("PAID", Money.of(630, "EUR")));
        assertThat(statements.paidOnlyInCash(sale.toString())).as("the statement knows it was cash").isTrue();
        assertThat(bookEvents("PayoutAllocated")).isEqualTo(1);
    }

    @Test
    void aCustomerWithoutAConnectedAccountIsCreditedWithTheSwitchOn() {
        STRIPE.givenCustomer(stripeCustomerId());
        knownToStripe("EUR");

        SaleId sale = confirmedSale("ord_a", Money.of(12999, "EUR"), Money.of(4200, "EUR"));
        fund(sale);

        awaitSettled(sale, "CREDITED");
        assertThat(STRIPE.balanceTransactions(stripeCustomerId())).extracting(t -> t.get("amount").getAsLong())
                .containsExactly(-630L);
        assertThat(STRIPE.requests("POST", TRANSFERS).stream()
                .filter(request -> customer.value().equals(request.params().get("metadata[customer_id]"))))
                .isEmpty();
        assertThat(statements.paidOnlyInCash(sale.toString())).isFalse();
    }

    /** PAID when the payouts that covered it were cash, CREDITED when they were credits. */
    private void awaitSettled(SaleId sale, String state) {
        Awaitility.await().atMost(WAIT).until(() -> state.equals(states().get(sale.toString())));
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
    }
}
