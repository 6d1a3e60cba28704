package org.ristourne.billing.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.google.gson.JsonObject;
import com.stripe.Stripe;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.ristourne.billing.api.BillingUnavailable;
import org.ristourne.billing.api.InvoiceRefused;
import org.ristourne.billing.api.InvoiceVendor;
import org.ristourne.billing.api.VendorInvoiceReceipt;
import org.ristourne.billing.standin.RecordedRequest;
import org.ristourne.billing.standin.StripeFixtures;
import org.ristourne.billing.standin.StripeStandIn;
import org.ristourne.billing.stripe.StripeClients;
import org.ristourne.ledger.money.Money;

class StripeVendorInvoicesTest {

    private static final String CUSTOMER = "cus_vendor1";
    private static final Instant DUE = Instant.parse("2026-12-31T23:00:00Z");
    private static final String INVOICES = "/v1/invoices";
    private static final String ITEMS = "/v1/invoiceitems";

    private StripeStandIn stripe;
    private StripeVendorInvoices invoices;

    @BeforeEach
    void startStripe() {
        stripe = StripeStandIn.start();
        stripe.givenCustomer(CUSTOMER);
        invoices = new StripeVendorInvoices(StripeClients.create(stripe.settings()));
    }

    @AfterEach
    void stopStripe() {
        stripe.close();
    }

    @Test
    void knownVendorGetsADraftWithItsLineThenFinalizedAndSentEachStepKeyedByInvoiceCurrencyAndStep() {
        VendorInvoiceReceipt receipt = invoices.invoice(invoice("inv-2026-11-v1", Money.of(1250, "EUR")));

        String id = onlyInvoice().get("id").getAsString();
        assertThat(stripe.requests()).extracting(RecordedRequest::method, RecordedRequest::path,
                        RecordedRequest::idempotencyKey)
                .containsExactly(tuple("GET", INVOICES, null),
                        tuple("POST", INVOICES, "ristourne-vinv-inv-2026-11-v1-eur-invoice"),
                        tuple("POST", ITEMS, "ristourne-vinv-inv-2026-11-v1-eur-item"),
                        tuple("POST", INVOICES + "/" + id + "/finalize", "ristourne-vinv-inv-2026-11-v1-eur-finalize"),
                        tuple("POST", INVOICES + "/" + id + "/send", "ristourne-vinv-inv-2026-11-v1-eur-send"));
        assertThat(stripe.requests()).allSatisfy(r -> {
            assertThat(r.stripeVersion()).isEqualTo(Stripe.API_VERSION);
            assertThat(r.header("Authorization")).isEqualTo("Bearer " + StripeStandIn.SECRET_KEY);
        });
        assertThat(stripe.requests("GET", INVOICES).get(0).params())
                .containsEntry("customer", CUSTOMER).containsEntry("limit", "100");
        assertThat(stripe.requests("POST", INVOICES).get(0).params())
                .containsEntry("customer", CUSTOMER)
                .containsEntry("currency", "eur")
                .containsEntry("collection_method", "send_invoice")
                .containsEntry("due_date", Long.toString(DUE.getEpochSecond()))
                .containsEntry("auto_advance", "false")
                .containsEntry("pending_invoice_items_behavior", "exclude")
                .containsEntry("metadata[ristourne_invoice_id]", "inv-2026-11-v1")
                .containsEntry("metadata[vendor_id]", "vendor-1");
        assertThat(stripe.requests("POST", ITEMS).get(0).params())
                .containsEntry("customer", CUSTOMER)
                .containsEntry("invoice", id)
                .containsEntry("amount", "1250")
                .containsEntry("currency", "eur")
                .containsEntry("description", "Shares of 3 sales, November 2026")
                .containsEntry("metadata[ristourne_invoice_id]", "inv-2026-11-v1")
                .containsEntry("metadata[vendor_id]", "vendor-1")
                .containsEntry("metadata[sale_count]", "3");

        JsonObject invoice = onlyInvoice();
        assertThat(invoice.get("status").getAsString()).isEqualTo("open");
        assertThat(invoice.get("total").getAsLong()).isEqualTo(1250);
        assertThat(invoice.get("due_date").getAsLong()).isEqualTo(DUE.getEpochSecond());
        assertThat(stripe.invoiceItems(CUSTOMER)).singleElement()
                .satisfies(item -> assertThat(item.get("invoice").getAsString()).isEqualTo(id));
        assertThat(stripe.timesSent(id)).isEqualTo(1);
        assertThat(receipt).isEqualTo(new VendorInvoiceReceipt("inv-2026-11-v1", id, CUSTOMER, DUE));
    }

    @Test
    void newVendorFirstGetsAStripeCustomerNamingItAndTheReceiptCarriesItsId() {
        VendorInvoiceReceipt receipt = invoices.invoice(newVendorInvoice("inv-1", Money.of(1250, "EUR")));

        assertThat(stripe.requests()).extracting(RecordedRequest::method, RecordedRequest::path)
                .startsWith(tuple("GET", "/v1/customers"), tuple("POST", "/v1/customers"), tuple("GET", INVOICES),
                        tuple("POST", INVOICES));
        assertThat(stripe.requests("GET", "/v1/customers").get(0).params())
                .containsEntry("email", "billing@vendor2.example").containsEntry("limit", "100");
        RecordedRequest create = stripe.requests("POST", "/v1/customers").get(0);
        assertThat(create.idempotencyKey()).isEqualTo("ristourne-vendor-customer-vendor-2");
        assertThat(create.params()).containsEntry("metadata[vendor_id]", "vendor-2")
                .containsEntry("email", "billing@vendor2.example")
                .containsEntry("description", "Ristourne vendor vendor-2");
        JsonObject customer = stripe.customers().get(1);
        assertThat(receipt.stripeCustomerId()).isEqualTo(customer.get("id").getAsString());
        assertThat(stripe.invoices(receipt.stripeCustomerId())).singleElement()
                .satisfies(i -> assertThat(i.get("id").getAsString()).isEqualTo(receipt.stripeInvoiceId()));
    }

    @Test
    void newVendorAskedAgainBeforeItsCustomerIdWasKeptGetsTheSameCustomerAndTheSameInvoice() {
        VendorInvoiceReceipt first = invoices.invoice(newVendorInvoice("inv-1", Money.of(1250, "EUR")));

        VendorInvoiceReceipt again = invoices.invoice(newVendorInvoice("inv-1", Money.of(1250, "EUR")));

        assertThat(again).isEqualTo(first);
        assertThat(stripe.customers()).hasSize(2);
        assertThat(stripe.invoices(first.stripeCustomerId())).hasSize(1);
        assertThat(stripe.timesSent(first.stripeInvoiceId())).isEqualTo(1);
    }

    @Test
    void afterTheKeysExpiredANewVendorsCustomerIsFoundByEmailAndVendorAndItsInvoiceIsNotMadeAgain() {
        VendorInvoiceReceipt first = invoices.invoice(newVendorInvoice("inv-1", Money.of(1250, "EUR")));
        stripe.expireIdempotencyKeys();

        VendorInvoiceReceipt again = invoices.invoice(newVendorInvoice("inv-1", Money.of(1250, "EUR")));

        assertThat(again).isEqualTo(first);
        assertThat(stripe.requests("POST", "/v1/customers")).hasSize(1);
        assertThat(stripe.customers()).hasSize(2);
        assertThat(stripe.invoices(first.stripeCustomerId())).hasSize(1);
        assertThat(stripe.invoiceItems(first.stripeCustomerId())).hasSize(1);
    }

    @Test
    void aCustomerWithTheSameEmailMadeForAnotherVendorIsNotTaken() {
        invoices.invoice(new InvoiceVendor("inv-1", "vendor-3", null, Money.of(1250, "EUR"), 3, "Shares", DUE,
                "billing@vendor2.example"));

        VendorInvoiceReceipt receipt = invoices.invoice(newVendorInvoice("inv-2", Money.of(1250, "EUR")));

        assertThat(stripe.customers()).hasSize(3);
        assertThat(stripe.customer(receipt.stripeCustomerId()).getAsJsonObject("metadata").get("vendor_id")
                .getAsString()).isEqualTo("vendor-2");
    }

    @Test
    void newVendorWithoutAnEmailIsRefusedBeforeStripeIsAsked() {
        InvoiceVendor noEmail = new InvoiceVendor("inv-1", "vendor-2", null, Money.of(1250, "EUR"), 3,
                "Shares of 3 sales", DUE, null);

        assertThatThrownBy(() -> invoices.invoice(noEmail)).isInstanceOf(InvoiceRefused.class)
                .hasMessageContaining("no email");
        assertThat(stripe.requests()).isEmpty();
    }

    @Test
    void knownCustomerWithoutAnEmailIsRefusedWithStripesMessageAndNothingIsInvoiced() {
        stripe.givenCustomer("cus_mute", null);

        assertThatThrownBy(() -> invoices.invoice(new InvoiceVendor("inv-1", "vendor-1", "cus_mute",
                Money.of(1250, "EUR"), 3, "Shares", DUE)))
                .isInstanceOf(InvoiceRefused.class).hasMessageContaining("Missing email.");
        assertThat(stripe.invoices("cus_mute")).isEmpty();
        assertThat(stripe.invoiceItems("cus_mute")).isEmpty();
    }

    @Test
    void askingAgainWithinADayFindsTheInvoiceAndSendsItNoMore() {
        VendorInvoiceReceipt first = invoices.invoice(invoice("inv-1", Money.of(1250, "EUR")));

        VendorInvoiceReceipt again = invoices.invoice(invoice("inv-1", Money.of(1250, "EUR")));

        assertThat(again).isEqualTo(first);
        assertThat(stripe.requests("POST", INVOICES)).hasSize(1);
        assertThat(stripe.requests("POST", ITEMS)).hasSize(1);
        assertThat(stripe.timesSent(first.stripeInvoiceId())).isEqualTo(1);
    }

    @ParameterizedTest(name = "500 twice on {0}, then the third attempt ends with one invoice, one line, sent once")
    @ValueSource(strings = {"invoice", "item", "finalize", "send", "look-up"})
    void stripeFailingTwiceIsUnavailableAndTheThirdAttemptInvoicesOnce(String step) {
        stripe.answerNext(2, step(step), 500);

        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> invoices.invoice(invoice("inv-1", Money.of(1250, "EUR"))))
                    .isInstanceOf(BillingUnavailable.class).hasMessageContaining("inv-1")
                    .hasMessageContaining("Stripe answered 500");
        }
        VendorInvoiceReceipt receipt = invoices.invoice(invoice("inv-1", Money.of(1250, "EUR")));

        assertInvoicedOnce(receipt, 1250);
    }

    @ParameterizedTest(name = "Stripe did the {0} but answered too late: the retry ends with one invoice")
    @ValueSource(strings = {"invoice", "item", "finalize", "send"})
    void whenStripeDidTheStepButTheAnswerTimedOutTheRetryInvoicesOnce(String step) {
        stripe.delayNext(1, step(step), StripeStandIn.READ_TIMEOUT.plusSeconds(1));
        assertThatThrownBy(() -> invoices.invoice(invoice("inv-1", Money.of(1250, "EUR"))))
                .isInstanceOf(BillingUnavailable.class).hasMessageContaining("no answer from Stripe");

        VendorInvoiceReceipt receipt = invoices.invoice(invoice("inv-1", Money.of(1250, "EUR")));

        assertInvoicedOnce(receipt, 1250);
    }

    @Test
    void afterTheKeysExpiredADraftLeftUnfinalizedIsFoundByItsMetadataAndFinished() {
        stripe.answerNext(1, step("finalize"), 500);
        assertThatThrownBy(() -> invoices.invoice(invoice("inv-1", Money.of(1250, "EUR"))))
                .isInstanceOf(BillingUnavailable.class);
        assertThat(onlyInvoice().get("status").getAsString()).isEqualTo("draft");
        stripe.expireIdempotencyKeys();

        VendorInvoiceReceipt receipt = invoices.invoice(invoice("inv-1", Money.of(1250, "EUR")));

        assertThat(stripe.requests("POST", INVOICES)).hasSize(1);
        assertThat(stripe.requests("POST", ITEMS)).hasSize(1);
        assertInvoicedOnce(receipt, 1250);
    }

    @Test
    void afterTheKeysExpiredADraftWithoutItsLineGetsItOnce() {
        stripe.answerNext(1, step("item"), 503);
        assertThatThrownBy(() -> invoices.invoice(invoice("inv-1", Money.of(1250, "EUR"))))
                .isInstanceOf(BillingUnavailable.class);
        stripe.expireIdempotencyKeys();

        VendorInvoiceReceipt receipt = invoices.invoice(invoice("inv-1", Money.of(1250, "EUR")));

        assertThat(stripe.requests("POST", INVOICES)).hasSize(1);
        assertInvoicedOnce(receipt, 1250);
    }

    @Test
    void afterTheKeysExpiredAnOpenInvoiceIsFoundAndSentAgainNeverMadeAgain() {
        VendorInvoiceReceipt first = invoices.invoice(invoice("inv-1", Money.of(1250, "EUR")));
        stripe.expireIdempotencyKeys();

        VendorInvoiceReceipt again = invoices.invoice(invoice("inv-1", Money.of(1250, "EUR")));

        assertThat(again).isEqualTo(first);
        assertThat(stripe.requests("POST", INVOICES)).hasSize(1);
        assertThat(stripe.requests("POST", ITEMS)).hasSize(1);
        assertThat(stripe.requests("POST", INVOICES + "/" + first.stripeInvoiceId() + "/finalize")).hasSize(1);
        // Stripe's invoice does not say whether it was emailed: a second email of the same invoice is the price.
        assertThat(stripe.timesSent(first.stripeInvoiceId())).isEqualTo(2);
    }

    @Test
    void aPaidInvoiceFoundIsOnlyReported() {
        VendorInvoiceReceipt first = invoices.invoice(invoice("inv-1", Money.of(1250, "EUR")));
        stripe.markPaid(first.stripeInvoiceId());
        stripe.expireIdempotencyKeys();

        VendorInvoiceReceipt again = invoices.invoice(invoice("inv-1", Money.of(1250, "EUR")));

        assertThat(again).isEqualTo(first);
        assertThat(stripe.requests().get(stripe.requests().size() - 1).method()).isEqualTo("GET");
        assertThat(stripe.timesSent(first.stripeInvoiceId())).isEqualTo(1);
    }

    @Test
    void theLookUpPagesThroughTheCustomersOtherInvoices() {
        VendorInvoiceReceipt first = invoices.invoice(invoice("inv-1", Money.of(1250, "EUR")));
        for (int i = 0; i < 150; i++) {
            JsonObject other = StripeFixtures.object("invoice");
            other.addProperty("id", "in_older" + i);
            other.addProperty("customer", CUSTOMER);
            other.addProperty("currency", "eur");
            stripe.givenObject(other);
        }
        stripe.expireIdempotencyKeys();

        VendorInvoiceReceipt again = invoices.invoice(invoice("inv-1", Money.of(1250, "EUR")));

        assertThat(again.stripeInvoiceId()).isEqualTo(first.stripeInvoiceId());
        assertThat(stripe.requests("GET", INVOICES)).hasSize(3);
        assertThat(stripe.requests("GET", INVOICES).get(2).params()).containsKey("starting_after");
        assertThat(stripe.requests("POST", INVOICES)).hasSize(1);
    }

    @Test
    void anInvoiceFoundForAnotherAmountIsRefusedNamingBothAndNotMadeAgain() {
        invoices.invoice(invoice("inv-1", Money.of(1250, "EUR")));
        stripe.expireIdempotencyKeys();

        assertThatThrownBy(() -> invoices.invoice(invoice("inv-1", Money.of(1300, "EUR"))))
                .isInstanceOf(InvoiceRefused.class)
                .hasMessageContaining("1250 eur").hasMessageContaining("1300 eur");
        assertThat(stripe.requests("POST", INVOICES)).hasSize(1);
        assertThat(stripe.invoiceItems(CUSTOMER)).hasSize(1);
    }

    @Test
    void eachCurrencyOfAnInvoiceIsAStripeInvoiceOfItsOwn() {
        VendorInvoiceReceipt eur = invoices.invoice(invoice("inv-1", Money.of(1250, "EUR")));
        VendorInvoiceReceipt jpy = invoices.invoice(invoice("inv-1", Money.of(500, "JPY")));

        assertThat(jpy.stripeInvoiceId()).isNotEqualTo(eur.stripeInvoiceId());
        assertThat(stripe.invoices(CUSTOMER)).extracting(i -> i.get("currency").getAsString(),
                i -> i.get("total").getAsLong(), i -> i.get("status").getAsString())
                .containsExactly(tuple("eur", 1250L, "open"), tuple("jpy", 500L, "open"));
        assertThat(stripe.requests("POST", INVOICES)).extracting(RecordedRequest::idempotencyKey)
                .containsExactly("ristourne-vinv-inv-1-eur-invoice", "ristourne-vinv-inv-1-jpy-invoice");
    }

    @ParameterizedTest(name = "Stripe answering {0} to the invoice refuses it, and nothing more is sent")
    @ValueSource(ints = {400, 401, 402, 403, 404})
    void clientErrorIsRefusedWithStripesMessageAndNothingMoreIsSent(int status) {
        stripe.answerNext(1, step("invoice"), status);

        assertThatThrownBy(() -> invoices.invoice(invoice("inv-1", Money.of(1250, "EUR"))))
                .isInstanceOf(InvoiceRefused.class)
                .hasMessageContaining("Stand-in answers " + status + " as told.");
        assertThat(stripe.requests()).extracting(RecordedRequest::method, RecordedRequest::path)
                .containsExactly(tuple("GET", INVOICES), tuple("POST", INVOICES));
        assertThat(stripe.invoices(CUSTOMER)).isEmpty();
    }

    @Test
    void unknownStripeCustomerIsRefusedWithStripesMessage() {
        assertThatThrownBy(() -> invoices.invoice(new InvoiceVendor("inv-1", "vendor-1", "cus_nobody",
                Money.of(1250, "EUR"), 3, "Shares", DUE)))
                .isInstanceOf(InvoiceRefused.class)
                .hasMessageContaining("No such customer: 'cus_nobody'");
        assertThat(stripe.requests("POST", INVOICES)).isEmpty();
    }

    @Test
    void theVendorsCustomerKeyReusedWithAnotherEmailIsRefusedByStripesIdempotency() {
        invoices.invoice(newVendorInvoice("inv-1", Money.of(1250, "EUR")));
        InvoiceVendor otherEmail = new InvoiceVendor("inv-2", "vendor-2", null, Money.of(1250, "EUR"), 3,
                "Shares", DUE, "accounts@vendor2.example");

        assertThatThrownBy(() -> invoices.invoice(otherEmail))
                .isInstanceOf(InvoiceRefused.class)
                .hasMessageContaining("Keys for idempotent requests");
        assertThat(stripe.customers()).hasSize(2);
    }

    @ParameterizedTest(name = "{0} {1} is invoiced as {2} {3}")
    @CsvSource({"1250, EUR, 1250, eur", "500, JPY, 500, jpy", "1250, KWD, 1250, kwd"})
    void amountsGoToStripeInItsUnitForTheCurrency(long minor, String code, String amount, String currency) {
        invoices.invoice(invoice("inv-1", Money.of(minor, code)));

        assertThat(stripe.requests("POST", ITEMS).get(0).params()).containsEntry("amount", amount)
                .containsEntry("currency", currency);
        assertThat(stripe.requests("POST", INVOICES).get(0).params()).containsEntry("currency", currency);
        assertThat(onlyInvoice().get("total").getAsLong()).isEqualTo(minor);
    }

    @ParameterizedTest(name = "{0} {1} is refused before Stripe is asked")
    @CsvSource({"1255, KWD", "500, ISK"})
    void amountsStripeCannotTakeExactlyAreRefusedWithoutAnyRequest(long minor, String code) {
        assertThatThrownBy(() -> invoices.invoice(invoice("inv-1", Money.of(minor, code))))
                .isInstanceOf(InvoiceRefused.class)
                .hasMessageContaining(code);
        assertThat(stripe.requests()).isEmpty();
    }

    private void assertInvoicedOnce(VendorInvoiceReceipt receipt, long amount) {
        JsonObject invoice = onlyInvoice();
        assertThat(invoice.get("id").getAsString()).isEqualTo(receipt.stripeInvoiceId());
        assertThat(invoice.get("status").getAsString()).isEqualTo("open");
        assertThat(invoice.get("total").getAsLong()).isEqualTo(amount);
        assertThat(stripe.invoiceItems(CUSTOMER)).singleElement()
                .satisfies(item -> assertThat(item.get("invoice").getAsString()).isEqualTo(receipt.stripeInvoiceId()));
        assertThat(stripe.timesSent(receipt.stripeInvoiceId())).isEqualTo(1);
    }

    private JsonObject onlyInvoice() {
        List<JsonObject> all = stripe.invoices(CUSTOMER);
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    /** The requests of one step: the look-up, or the POST that creates, finalizes or sends. */
    private static Predicate<RecordedRequest> step(String step) {
        return switch (step) {
            case "look-up" -> r -> r.is("GET", INVOICES);
            case "invoice" -> r -> r.is("POST", INVOICES);
            case "item" -> r -> r.is("POST", ITEMS);
            case "finalize", "send" -> r -> r.method().equals("POST") && r.path().endsWith("/" + step);
            default -> throw new IllegalArgumentException(step);
        };
    }

    private static InvoiceVendor invoice(String invoiceId, Money total) {
        return new InvoiceVendor(invoiceId, "vendor-1", CUSTOMER, total, 3, "Shares of 3 sales, November 2026", DUE);
    }

    private static InvoiceVendor newVendorInvoice(String invoiceId, Money total) {
        return new InvoiceVendor(invoiceId, "vendor-2", null, total, 3, "Shares of 3 sales, November 2026", DUE,
                "billing@vendor2.example");
    }
}
