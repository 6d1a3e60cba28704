package org.ristourne.billing.credit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.google.gson.JsonObject;
import com.stripe.Stripe;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.ristourne.billing.api.BillingUnavailable;
import org.ristourne.billing.api.CreditReceipt;
import org.ristourne.billing.api.CreditRebate;
import org.ristourne.billing.api.CreditRefused;
import org.ristourne.billing.standin.RecordedRequest;
import org.ristourne.billing.standin.StripeStandIn;
import org.ristourne.billing.stripe.StripeClients;
import org.ristourne.ledger.money.Money;

class StripeCustomerCreditsTest {

    private static final String CUSTOMER = "cus_anna";
    private static final String PATH = "/v1/customers/" + CUSTOMER + "/balance_transactions";

    private StripeStandIn stripe;
    private StripeCustomerCredits credits;

    @BeforeEach
    void startStripe() {
        stripe = StripeStandIn.start();
        stripe.givenCustomer(CUSTOMER);
        credits = new StripeCustomerCredits(StripeClients.create(stripe.settings()));
    }

    @AfterEach
    void stopStripe() {
        stripe.close();
    }

    @Test
    void creditIsOneNegativeBalanceTransactionNamingThePayoutWithAKeyDerivedFromIt() {
        CreditReceipt receipt = credits.credit(rebate("payout-1", Money.of(630, "EUR")));

        List<RecordedRequest> creates = stripe.requests("POST", PATH);
        assertThat(creates).hasSize(1);
        RecordedRequest create = creates.get(0);
        assertThat(create.params()).containsEntry("amount", "-630").containsEntry("currency", "eur")
                .containsEntry("metadata[payout_id]", "payout-1")
                .containsEntry("metadata[ledger_reference]", "ledger-payout-1")
                .containsKey("description");
        assertThat(create.idempotencyKey()).isEqualTo("ristourne-credit-payout-1");
        assertThat(create.stripeVersion()).isEqualTo(Stripe.API_VERSION);
        assertThat(create.header("Authorization")).isEqualTo("Bearer " + StripeStandIn.SECRET_KEY);

        JsonObject credited = onlyCredit();
        assertThat(receipt.payoutId()).isEqualTo("payout-1");
        assertThat(receipt.balanceTransactionId()).isEqualTo(credited.get("id").getAsString());
        assertThat(receipt.creditedAt().getEpochSecond()).isEqualTo(credited.get("created").getAsLong());
        assertThat(stripe.customer(CUSTOMER).get("balance").getAsLong()).isEqualTo(-630);
    }

    @Test
    void theLookUpComesBeforeTheCreateAndListsTheCustomersBalanceTransactions() {
        credits.credit(rebate("payout-1", Money.of(630, "EUR")));

        assertThat(stripe.requests()).extracting(RecordedRequest::method, RecordedRequest::path)
                .containsExactly(tuple("GET", PATH),
                        tuple("POST", PATH));
        assertThat(stripe.requests("GET", PATH).get(0).params()).containsEntry("limit", "100");
    }

    @Test
    void creditingTheSamePayoutAgainFindsTheFirstCreditAndCreatesNothing() {
        CreditReceipt first = credits.credit(rebate("payout-1", Money.of(630, "EUR")));

        CreditReceipt second = credits.credit(rebate("payout-1", Money.of(630, "EUR")));

        assertThat(second).isEqualTo(first);
        assertThat(stripe.requests("POST", PATH)).hasSize(1);
        assertThat(stripe.balanceTransactions(CUSTOMER)).hasSize(1);
    }

    @Test
    void afterStripeForgotTheKeyTheCreditIsStillFoundByItsPayoutMetadata() {
        CreditReceipt first = credits.credit(rebate("payout-1", Money.of(630, "EUR")));
        stripe.expireIdempotencyKeys();

        CreditReceipt again = credits.credit(rebate("payout-1", Money.of(630, "EUR")));

        assertThat(again).isEqualTo(first);
        assertThat(stripe.balanceTransactions(CUSTOMER)).hasSize(1);
    }

    @Test
    void theLookUpPagesThroughOlderTransactionsToFindTheCredit() {
        CreditReceipt first = credits.credit(rebate("payout-1", Money.of(630, "EUR")));
        for (int i = 0; i < 150; i++) {
            stripe.givenBalanceTransaction(CUSTOMER, 1000 + i, "eur", Map.of());
        }
        stripe.expireIdempotencyKeys();

        CreditReceipt again = credits.credit(rebate("payout-1", Money.of(630, "EUR")));

        assertThat(again).isEqualTo(first);
        assertThat(stripe.requests("GET", PATH)).hasSize(3);
        assertThat(stripe.requests("GET", PATH).get(2).params()).containsKey("starting_after");
        assertThat(stripe.requests("POST", PATH)).hasSize(1);
    }

    @Test
    void otherPayoutsAreCreditedSeparately() {
        credits.credit(rebate("payout-1", Money.of(630, "EUR")));
        credits.credit(rebate("payout-2", Money.of(120, "EUR")));

        assertThat(stripe.balanceTransactions(CUSTOMER)).extracting(t -> t.get("amount").getAsLong())
                .containsExactly(-630L, -120L);
        assertThat(stripe.requests("POST", PATH)).extracting(RecordedRequest::idempotencyKey)
                .containsExactly("ristourne-credit-payout-1", "ristourne-credit-payout-2");
    }

    @ParameterizedTest(name = "Stripe answering {0} is unavailable, and the retry credits exactly once")
    @ValueSource(ints = {500, 502, 503, 429, 409})
    void passingFailureIsUnavailableAndTheRetryWithTheSameKeyCreditsOnce(int status) {
        stripe.answerNext(1, "POST", status);

        assertThatThrownBy(() -> credits.credit(rebate("payout-1", Money.of(630, "EUR"))))
                .isInstanceOf(BillingUnavailable.class);
        CreditReceipt receipt = credits.credit(rebate("payout-1", Money.of(630, "EUR")));

        assertThat(stripe.requests("POST", PATH)).extracting(RecordedRequest::idempotencyKey)
                .containsExactly("ristourne-credit-payout-1", "ristourne-credit-payout-1");
        assertThat(stripe.balanceTransactions(CUSTOMER)).singleElement()
                .satisfies(t -> assertThat(t.get("id").getAsString()).isEqualTo(receipt.balanceTransactionId()));
    }

    @Test
    void failingLookUpIsUnavailableAndCreatesNothing() {
        stripe.answerNext(1, "GET", 500);

        assertThatThrownBy(() -> credits.credit(rebate("payout-1", Money.of(630, "EUR"))))
                .isInstanceOf(BillingUnavailable.class);
        assertThat(stripe.requests("POST", PATH)).isEmpty();
    }

    @Test
    void failingLaterPageOfTheLookUpIsUnavailableAndCreatesNothing() {
        for (int i = 0; i < 150; i++) {
            stripe.givenBalanceTransaction(CUSTOMER, 1000 + i, "eur", Map.of());
        }
        stripe.answerNext(1, request -> request.params().containsKey("starting_after"), 500);

        assertThatThrownBy(() -> credits.credit(rebate("payout-1", Money.of(630, "EUR"))))
                .isInstanceOf(BillingUnavailable.class);
        assertThat(stripe.requests("POST", PATH)).isEmpty();
    }

    @Test
    void timeoutIsUnavailable() {
        stripe.delayNext(1, "POST", StripeStandIn.READ_TIMEOUT.plusSeconds(1));

        assertThatThrownBy(() -> credits.credit(rebate("payout-1", Money.of(630, "EUR"))))
                .isInstanceOf(BillingUnavailable.class)
                .hasMessageContaining("payout-1");
    }

    @Test
    void whenStripeCreditedButTheAnswerTimedOutTheRetryFindsTheCreditAndCreatesNoOther() {
        stripe.delayNext(1, "POST", StripeStandIn.READ_TIMEOUT.plusSeconds(1));
        assertThatThrownBy(() -> credits.credit(rebate("payout-1", Money.of(630, "EUR"))))
                .isInstanceOf(BillingUnavailable.class);

        CreditReceipt receipt = credits.credit(rebate("payout-1", Money.of(630, "EUR")));

        assertThat(stripe.requests("POST", PATH)).hasSize(1);
        assertThat(onlyCredit().get("id").getAsString()).isEqualTo(receipt.balanceTransactionId());
    }

    @ParameterizedTest(name = "Stripe answering {0} refuses the credit for good")
    @ValueSource(ints = {400, 401, 402, 403, 404})
    void clientErrorIsRefusedWithStripesMessageAndNothingIsCredited(int status) {
        stripe.answerNext(1, "POST", status);

        assertThatThrownBy(() -> credits.credit(rebate("payout-1", Money.of(630, "EUR"))))
                .isInstanceOf(CreditRefused.class)
                .hasMessageContaining("Stand-in answers " + status + " as told.");
        assertThat(stripe.balanceTransactions(CUSTOMER)).isEmpty();
    }

    @Test
    void unknownStripeCustomerIsRefusedWithStripesMessage() {
        CreditRebate rebate = new CreditRebate("payout-1", "customer-9", "cus_nobody", Money.of(630, "EUR"),
                "ledger-payout-1");

        assertThatThrownBy(() -> credits.credit(rebate))
                .isInstanceOf(CreditRefused.class)
                .hasMessageContaining("No such customer: 'cus_nobody'");
    }

    @Test
    void thePayoutsKeyReusedWithOtherParametersIsRefusedByStripesIdempotency() {
        stripe.givenCustomer("cus_bob");
        credits.credit(rebate("payout-1", Money.of(630, "EUR")));
        CreditRebate samePayoutOtherCustomer = new CreditRebate("payout-1", "customer-2", "cus_bob",
                Money.of(630, "EUR"), "ledger-payout-1");

        assertThatThrownBy(() -> credits.credit(samePayoutOtherCustomer))
                .isInstanceOf(CreditRefused.class)
                .hasMessageContaining("Keys for idempotent requests");
        assertThat(stripe.balanceTransactions("cus_bob")).isEmpty();
    }

    @Test
    void aCreditFoundForThePayoutWithAnotherAmountIsRefusedNotToppedUp() {
        credits.credit(rebate("payout-1", Money.of(630, "EUR")));

        assertThatThrownBy(() -> credits.credit(rebate("payout-1", Money.of(700, "EUR"))))
                .isInstanceOf(CreditRefused.class)
                .hasMessageContaining("already credited");
        assertThat(stripe.balanceTransactions(CUSTOMER)).hasSize(1);
    }

    @Test
    void findAnswersTheCreditOfThePayoutByItsMetadataAfterTheKeyExpiredWithoutCreatingAnything() {
        CreditReceipt made = credits.credit(rebate("payout-1", Money.of(630, "EUR")));
        stripe.givenBalanceTransaction(CUSTOMER, -120, "eur", Map.of("payout_id", "payout-2"));
        stripe.expireIdempotencyKeys();

        assertThat(credits.find("payout-1", CUSTOMER)).contains(made);
        assertThat(stripe.requests("GET", PATH)).hasSize(2);
        assertThat(stripe.requests("POST", PATH)).hasSize(1);
    }

    @Test
    void findAnswersNothingWhenNoCreditNamesThePayout() {
        stripe.givenBalanceTransaction(CUSTOMER, -120, "eur", Map.of("payout_id", "payout-2"));

        assertThat(credits.find("payout-1", CUSTOMER)).isEmpty();
        assertThat(stripe.requests()).extracting(RecordedRequest::method, RecordedRequest::path)
                .containsExactly(tuple("GET", PATH));
    }

    @ParameterizedTest(name = "a look-up Stripe answers {0} is unavailable, never \"no credit\"")
    @ValueSource(ints = {500, 503, 429, 404})
    void aFailedLookUpIsUnavailable(int status) {
        stripe.answerNext(1, "GET", status);

        assertThatThrownBy(() -> credits.find("payout-1", CUSTOMER))
                .isInstanceOf(BillingUnavailable.class)
                .hasMessageContaining("payout-1");
    }

    @Test
    void aLookUpTimedOutIsUnavailable() {
        stripe.delayNext(1, "GET", StripeStandIn.READ_TIMEOUT.plusSeconds(1));

        assertThatThrownBy(() -> credits.find("payout-1", CUSTOMER)).isInstanceOf(BillingUnavailable.class);
    }

    @ParameterizedTest(name = "{0} {1} is credited as {2} {3}")
    @CsvSource({"500, JPY, -500, jpy", "1250, KWD, -1250, kwd", "630, EUR, -630, eur"})
    void amountsGoToStripeInItsUnitForTheCurrency(long minor, String code, String amount, String currency) {
        credits.credit(rebate("payout-1", Money.of(minor, code)));

        assertThat(stripe.requests("POST", PATH).get(0).params()).containsEntry("amount", amount)
                .containsEntry("currency", currency);
    }

    @ParameterizedTest(name = "{0} {1} is refused before Stripe is asked")
    @CsvSource({"1255, KWD", "500, ISK", "500, MGA"})
    void amountsStripeCannotTakeExactlyAreRefusedWithoutAnyRequest(long minor, String code) {
        assertThatThrownBy(() -> credits.credit(rebate("payout-1", Money.of(minor, code))))
                .isInstanceOf(CreditRefused.class)
                .hasMessageContaining(code);
        assertThat(stripe.requests()).isEmpty();
    }

    private JsonObject onlyCredit() {
        assertThat(stripe.balanceTransactions(CUSTOMER)).hasSize(1);
        return stripe.balanceTransactions(CUSTOMER).get(0);
    }

    private static CreditRebate rebate(String payoutId, Money amount) {
        return new CreditRebate(payoutId, "customer-1", CUSTOMER, amount, "ledger-" + payoutId);
    }
}
