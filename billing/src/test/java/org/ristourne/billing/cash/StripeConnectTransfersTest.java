package org.ristourne.billing.cash;

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
import org.junit.jupiter.params.provider.ValueSource;
import org.ristourne.billing.api.BillingUnavailable;
import org.ristourne.billing.api.CashReceipt;
import org.ristourne.billing.api.CashRefused;
import org.ristourne.billing.api.PayCash;
import org.ristourne.billing.standin.RecordedRequest;
import org.ristourne.billing.standin.StripeStandIn;
import org.ristourne.billing.stripe.StripeClients;
import org.ristourne.ledger.money.Money;

class StripeConnectTransfersTest {

    private static final String ACCOUNT = "acct_1Anna";
    private static final String PATH = "/v1/transfers";

    private StripeStandIn stripe;
    private StripeConnectTransfers transfers;

    @BeforeEach
    void startStripe() {
        stripe = StripeStandIn.start();
        stripe.givenConnectedAccount(ACCOUNT);
        transfers = new StripeConnectTransfers(StripeClients.create(stripe.settings()));
    }

    @AfterEach
    void stopStripe() {
        stripe.close();
    }

    @Test
    void cashIsOneTransferToTheConnectedAccountNamingThePayoutWithAKeyDerivedFromIt() {
        CashReceipt receipt = transfers.pay(cash("payout-1", Money.of(630, "EUR")));

        assertThat(stripe.requests()).extracting(RecordedRequest::method, RecordedRequest::path)
                .containsExactly(tuple("GET", PATH), tuple("POST", PATH));
        assertThat(stripe.requests("GET", PATH).get(0).params()).containsEntry("destination", ACCOUNT)
                .containsEntry("limit", "100");
        RecordedRequest create = stripe.requests("POST", PATH).get(0);
        assertThat(create.params()).containsEntry("amount", "630").containsEntry("currency", "eur")
                .containsEntry("destination", ACCOUNT)
                .containsEntry("metadata[payout_id]", "payout-1")
                .containsEntry("metadata[customer_id]", "customer-1")
                .containsEntry("metadata[ledger_reference]", "ledger-payout-1")
                .containsKey("description");
        assertThat(create.idempotencyKey()).isEqualTo("ristourne-transfer-payout-1");
        assertThat(create.stripeVersion()).isEqualTo(Stripe.API_VERSION);
        assertThat(create.header("Authorization")).isEqualTo("Bearer " + StripeStandIn.SECRET_KEY);

        JsonObject transfer = onlyTransfer();
        assertThat(transfer.get("object").getAsString()).isEqualTo("transfer");
        assertThat(transfer.get("reversed").getAsBoolean()).isFalse();
        assertThat(receipt).isEqualTo(new CashReceipt("payout-1", transfer.get("id").getAsString(),
                java.time.Instant.ofEpochSecond(transfer.get("created").getAsLong())));
        assertThat(receipt.transferId()).startsWith("tr_");
    }

    @Test
    void payingTheSamePayoutAgainFindsTheFirstTransferAndMakesNoOther() {
        CashReceipt first = transfers.pay(cash("payout-1", Money.of(630, "EUR")));
        stripe.expireIdempotencyKeys();

        assertThat(transfers.pay(cash("payout-1", Money.of(630, "EUR")))).isEqualTo(first);
        assertThat(stripe.requests("POST", PATH)).hasSize(1);
        assertThat(stripe.transfers(ACCOUNT)).hasSize(1);
    }

    @Test
    void stripeFailingTwiceThenAcceptingMakesOneTransferWithOneKey() {
        stripe.answerNext(2, "POST", 500);
        PayCash payout = cash("payout-1", Money.of(630, "EUR"));

        assertThatThrownBy(() -> transfers.pay(payout)).isInstanceOf(BillingUnavailable.class);
        assertThatThrownBy(() -> transfers.pay(payout)).isInstanceOf(BillingUnavailable.class);
        CashReceipt receipt = transfers.pay(payout);

        assertThat(stripe.requests("POST", PATH)).extracting(RecordedRequest::idempotencyKey)
                .containsExactly("ristourne-transfer-payout-1", "ristourne-transfer-payout-1",
                        "ristourne-transfer-payout-1");
        assertThat(onlyTransfer().get("id").getAsString()).isEqualTo(receipt.transferId());
    }

    @Test
    void whenStripeTransferredButTheAnswerTimedOutTheRetryFindsTheTransferAndMakesNoOther() {
        stripe.delayNext(1, "POST", StripeStandIn.READ_TIMEOUT.plusSeconds(1));
        PayCash payout = cash("payout-1", Money.of(630, "EUR"));
        assertThatThrownBy(() -> transfers.pay(payout)).isInstanceOf(BillingUnavailable.class)
                .hasMessageContaining("payout-1");

        CashReceipt receipt = transfers.pay(payout);

        assertThat(stripe.requests("POST", PATH)).hasSize(1);
        assertThat(onlyTransfer().get("id").getAsString()).isEqualTo(receipt.transferId());
    }

    @Test
    void findAnswersTheTransferOfThePayoutByItsMetadataAmongOlderPages() {
        CashReceipt made = transfers.pay(cash("payout-1", Money.of(630, "EUR")));
        for (int i = 0; i < 120; i++) {
            stripe.givenTransfer(ACCOUNT, 100 + i, "eur", Map.of("payout_id", "other-" + i));
        }
        stripe.givenConnectedAccount("acct_1Bob");
        stripe.givenTransfer("acct_1Bob", 630, "eur", Map.of("payout_id", "payout-2"));
        stripe.expireIdempotencyKeys();

        assertThat(transfers.find("payout-1", ACCOUNT)).contains(made);
        assertThat(transfers.find("payout-2", ACCOUNT)).as("another account's transfer").isEmpty();
        assertThat(stripe.requests("GET", PATH).get(2).params()).containsKey("starting_after");
        assertThat(stripe.requests("POST", PATH)).hasSize(1);
    }

    @ParameterizedTest(name = "a look-up Stripe answers {0} is unavailable, never \"no transfer\"")
    @ValueSource(ints = {500, 503, 429, 400})
    void aFailedLookUpIsUnavailable(int status) {
        stripe.answerNext(1, "GET", status);

        assertThatThrownBy(() -> transfers.find("payout-1", ACCOUNT)).isInstanceOf(BillingUnavailable.class)
                .hasMessageContaining("payout-1");
    }

    @Test
    void aFailingLookUpBeforeTheTransferMakesNone() {
        stripe.answerNext(1, "GET", 500);

        assertThatThrownBy(() -> transfers.pay(cash("payout-1", Money.of(630, "EUR"))))
                .isInstanceOf(BillingUnavailable.class);
        assertThat(stripe.requests("POST", PATH)).isEmpty();
    }

    @Test
    void anUnknownConnectedAccountIsRefusedWithStripesMessage() {
        PayCash toNobody = new PayCash("payout-1", "customer-1", "acct_1Nobody", Money.of(630, "EUR"), "ledger");

        assertThatThrownBy(() -> transfers.pay(toNobody)).isInstanceOf(CashRefused.class)
                .hasMessageContaining("No such destination: 'acct_1Nobody'");
        assertThat(stripe.transfers("acct_1Nobody")).isEmpty();
    }

    @ParameterizedTest(name = "''{0}'' is refused before Stripe is asked")
    @ValueSource(strings = {"cus_anna", "acct_", "acct_1 2", "ACCT_1"})
    void whatIsNotAConnectedAccountIdIsRefusedWithoutAnyRequest(String destination) {
        PayCash payout = new PayCash("payout-1", "customer-1", destination, Money.of(630, "EUR"), "ledger");

        assertThatThrownBy(() -> transfers.pay(payout)).isInstanceOf(CashRefused.class);
        assertThat(stripe.requests()).isEmpty();
    }

    @Test
    void aTransferFoundForThePayoutWithAnotherAmountIsRefusedNotToppedUp() {
        transfers.pay(cash("payout-1", Money.of(630, "EUR")));

        assertThatThrownBy(() -> transfers.pay(cash("payout-1", Money.of(700, "EUR"))))
                .isInstanceOf(CashRefused.class).hasMessageContaining("already transferred");
        assertThat(stripe.transfers(ACCOUNT)).hasSize(1);
    }

    private JsonObject onlyTransfer() {
        List<JsonObject> made = stripe.transfers(ACCOUNT);
        assertThat(made).hasSize(1);
        return made.get(0);
    }

    private static PayCash cash(String payoutId, Money amount) {
        return new PayCash(payoutId, "customer-1", ACCOUNT, amount, "ledger-" + payoutId);
    }
}
