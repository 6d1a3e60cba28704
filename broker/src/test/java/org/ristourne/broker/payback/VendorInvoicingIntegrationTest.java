package org.ristourne.broker.payback;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ristourne.billing.api.CreditRebate;
import org.ristourne.billing.api.InvoiceVendor;
import org.ristourne.billing.api.VendorInvoiceReceipt;
import org.ristourne.billing.standin.StripeFixtures;
import org.ristourne.billing.standin.StripeStandIn;
import org.ristourne.broker.api.RefundId;
import org.ristourne.broker.api.SaleId;
import org.ristourne.broker.api.sale.RefundSale;
import org.ristourne.ledger.money.Money;
import org.ristourne.support.CommandPath;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.Processors;
import org.ristourne.support.StripeWebhookClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.JsonNode;

/**
 * Collecting from vendors end to end, through the operator API and signed Stripe webhooks: a confirmed sale is
 * invoiced to its vendor for exactly its pool, the vendor's {@code invoice.paid} funds it as invoiced, which makes the
 * customer's rebate payable and credited once for exactly the ledger's amount, and the same payment heard again
 * changes nothing; a refund after invoicing is deducted from the next invoice and, once that is paid, the vendor's
 * receivable nets to zero; a currency that nets negative waits for a later invoice; an invoice not paid by its due
 * date is listed overdue. Billing's {@code VendorInvoices} and {@code CustomerCredits} are scripted here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ristourne.deadlines.polling-interval=1s", "ristourne.test.context=vendor-invoicing",
                "ristourne.payback.first-retry-delay=1s", "ristourne.payback.max-retry-delay=2s",
                "ristourne.payback.minimum-payout.EUR=5.00",
                "ristourne.payback.vendor-invoicing.payment-terms=8s",
                "ristourne.payback.vendor-invoicing.schedule=-",
                "ristourne.stripe.webhook-signing-secret=" + StripeStandIn.WEBHOOK_SECRET,
                "ristourne.operator.password=" + OperatorClient.PASSWORD})
@Import(VendorInvoicingIntegrationTest.Billing.class)
abstract class VendorInvoicingIntegrationTest extends PaybackScenario {

    @TestConfiguration(proxyBeanMethods = false)
    static class Billing {
        @Bean
        ScriptedCredits scriptedCredits() {
            return new ScriptedCredits(Instant.parse("2026-11-26T12:00:00Z"));
        }

        /** Primary: a node with Stripe configured may also have billing's own adapter. */
        @Bean
        @Primary
        ScriptedVendorInvoices scriptedVendorInvoices() {
            return new ScriptedVendorInvoices();
        }
    }

    @Autowired ScriptedCredits credits;
    @Autowired ScriptedVendorInvoices invoices;

    @LocalServerPort
    int port;

    OperatorClient operator;

    @BeforeEach
    void operator() {
        operator = new OperatorClient("http://127.0.0.1:" + port);
    }

    @Test
    void aPaidVendorInvoiceMakesTheRebatePayableAndCreditedOnceForTheLedgersAmount() {
        knownToStripe("EUR");
        // margin 42.00, 20 % shared, 25 % of that the broker's: pool 8.40, rebate 6.30
        SaleId sale = confirmedSale("ord_a", Money.of(12999, "EUR"), Money.of(4200, "EUR"));
        String invoiceId = issue();
        VendorInvoiceReceipt receipt = awaitSent(invoiceId, "EUR");
        assertThat(requestsOfThisVendor()).containsExactly(new InvoiceVendor(invoiceId, vendor.value(), null,
                Money.of(840, "EUR"), 1, "Ristourne: shares of 1 sale(s), invoice " + invoiceId, receipt.dueAt(),
                billingEmail()));
        assertThat(items(invoiceId)).containsExactly(Map.entry(sale + " ", 840L));
        Awaitility.await().atMost(WAIT).until(() -> "INVOICED".equals(states().get(sale.toString())));
        assertThat(statement()).filteredOn(line -> line.saleKey().equals(sale.toString())).singleElement()
                .satisfies(line -> assertThat(line.invoicedAt()).as("the date it was invoiced to the vendor")
                        .isNotNull());

        JsonObject paid = invoicePaid(receipt, 840, "eur");
        String event = newEventId();
        assertThat(send(event, paid).path("outcome").asString()).isEqualTo("vendor-invoice-paid");
        Awaitility.await().atMost(WAIT).until(() -> "CREDITED".equals(states().get(sale.toString())));
        Processors.awaitCaughtUp(processing, jdbc, WAIT);

        assertThat(send(event, paid).path("duplicate").asBoolean()).as("the same event again").isTrue();
        assertThat(send(newEventId(), paid).path("outcome").asString()).as("another event, the same payment")
                .isEqualTo("vendor-invoice-paid");
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        assertThat(creditsOfThisCustomer()).extracting(CreditRebate::amount).containsExactly(Money.of(630, "EUR"));
        assertThat(receivable()).isZero();
        assertThat(cashFromThisVendor()).isEqualTo(840);
        assertThat(fundings(sale)).isEqualTo(1);
        assertThat(listed("paid", invoiceId)).extracting(view -> view.path("total").path("amount").asLong())
                .containsExactly(840L);
    }

    @Test
    void aRefundAfterInvoicingIsDeductedFromTheNextInvoiceAndTheVendorNetsToZero() {
        knownToStripe("EUR");
        SaleId a = confirmedSale("ord_a", Money.of(12999, "EUR"), Money.of(4200, "EUR"));
        String first = issue();
        VendorInvoiceReceipt firstReceipt = awaitSent(first, "EUR");
        // 50.00 of 129.99 refunded: margin 16.15 refunded, pool 3.23 reversed, rebate 2.43
        CommandPath.sendToSale(commands, new RefundSale(a, new RefundId("rf_1"), Money.of(5000, "EUR"), now));
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        pay(firstReceipt, 840, "eur");
        assertThat(receivable()).as("Ristourne owes the vendor the refunded pool it had paid").isEqualTo(-323);

        // margin 20.00: pool 4.00, rebate 3.00
        SaleId b = confirmedSale("ord_b", Money.of(5000, "EUR"), Money.of(2000, "EUR"));
        String second = issue();
        VendorInvoiceReceipt secondReceipt = awaitSent(second, "EUR");
        assertThat(requestsOfThisVendor()).extracting(InvoiceVendor::invoiceId, InvoiceVendor::total,
                        InvoiceVendor::saleCount, InvoiceVendor::stripeCustomerId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(first, Money.of(840, "EUR"), 1, null),
                        org.assertj.core.groups.Tuple.tuple(second, Money.of(77, "EUR"), 1, "cus_" + vendor.value()));
        assertThat(items(second)).containsExactly(Map.entry(a + " rf_1", -323L), Map.entry(b + " ", 400L));
        pay(secondReceipt, 77, "eur");

        assertThat(receivable()).isZero();
        assertThat(cashFromThisVendor()).as("what the vendor paid: 8.40 + 0.77").isEqualTo(917);
        Awaitility.await().atMost(WAIT).until(() -> states().values().stream().allMatch("CREDITED"::equals));
        assertThat(creditsOfThisCustomer()).as("3.87 held below the minimum, then 3.87 + 3.00 credited once")
                .extracting(CreditRebate::amount).containsExactly(Money.of(687, "EUR"));
    }

    @Test
    void aCurrencyThatNetsNegativeIsCarriedToALaterInvoice() {
        SaleId a = confirmedSale("ord_a", Money.of(12999, "EUR"), Money.of(4200, "EUR"));
        String first = issue();
        pay(awaitSent(first, "EUR"), 840, "eur");
        CommandPath.sendToSale(commands, new RefundSale(a, new RefundId("rf_all"), Money.of(12999, "EUR"), now));
        confirmedSale("ord_b", Money.of(5000, "EUR"), Money.of(2000, "EUR"));
        confirmedSale("ord_u", Money.of(12999, "USD"), Money.of(4200, "USD"));
        Processors.awaitCaughtUp(processing, jdbc, WAIT);

        String second = issue();
        awaitSent(second, "USD");
        assertThat(listed(null, second)).as("EUR nets 4.00 - 8.40: not invoiced")
                .extracting(view -> view.path("total").path("currency").asString()).containsExactly("USD");

        // margin 129.99: pool 25.99
        confirmedSale("ord_c", Money.of(12999, "EUR"), Money.of(12999, "EUR"));
        String third = issue();
        awaitSent(third, "EUR");
        assertThat(requestsOfThisVendor()).extracting(InvoiceVendor::total).containsExactly(Money.of(840, "EUR"),
                Money.of(840, "USD"), Money.of(400 + 2599 - 840, "EUR"));
    }

    @Test
    void anInvoiceUnpaidAtItsDueDateIsListedOverdue() {
        confirmedSale("ord_a", Money.of(12999, "EUR"), Money.of(4200, "EUR"));
        String invoiceId = issue();
        awaitSent(invoiceId, "EUR");
        Awaitility.await().atMost(WAIT).until(() -> !listed("overdue", invoiceId).isEmpty());
        assertThat(listed("sent", invoiceId)).isEmpty();
    }

    @Test
    void aPaymentThatMatchesNoLineIsKeptAndFundsNothing() {
        SaleId sale = confirmedSale("ord_a", Money.of(12999, "EUR"), Money.of(4200, "EUR"));
        String invoiceId = issue();
        VendorInvoiceReceipt receipt = awaitSent(invoiceId, "EUR");

        assertThat(send(newEventId(), invoicePaid(receipt, 839, "eur")).path("outcome").asString())
                .isEqualTo("refused-vendor-invoice-amount-mismatch");
        JsonObject unknown = invoicePaid(receipt, 840, "eur");
        unknown.getAsJsonObject("metadata").addProperty("ristourne_invoice_id", "vinv_unknown");
        assertThat(send(newEventId(), unknown).path("outcome").asString()).isEqualTo("unknown-object");
        assertThat(send(newEventId(), invoicePaid(receipt, 840, "usd")).path("outcome").asString())
                .as("the line in another currency").isEqualTo("unknown-object");
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        assertThat(fundings(sale)).isZero();
        assertThat(receivable()).isEqualTo(840);

        pay(receipt, 840, "eur");
        assertThat(fundings(sale)).isEqualTo(1);
        assertThat(receivable()).isZero();
    }

    @Test
    void nothingToInvoiceAnswersNoContent() {
        operator.call("POST", "/operator/vendors/" + vendor + "/invoices", null, 204);
    }

    private String issue() {
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        return operator.call("POST", "/operator/vendors/" + vendor + "/invoices", null, 201).path("invoiceId")
                .asString();
    }

    private VendorInvoiceReceipt awaitSent(String invoiceId, String currency) {
        Awaitility.await().atMost(WAIT).until(() -> invoices.receipt(invoiceId, currency).isPresent()
                && listed(null, invoiceId).stream().noneMatch(view -> view.path("state").asString().equals("issued")));
        return invoices.receipt(invoiceId, currency).orElseThrow();
    }

    private void pay(VendorInvoiceReceipt receipt, long amount, String currency) {
        assertThat(send(newEventId(), invoicePaid(receipt, amount, currency)).path("outcome").asString())
                .isEqualTo("vendor-invoice-paid");
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
    }

    private List<InvoiceVendor> requestsOfThisVendor() {
        return invoices.requests().stream().filter(request -> request.vendorId().equals(vendor.value())).toList();
    }

    private List<CreditRebate> creditsOfThisCustomer() {
        return credits.credited().stream().filter(credit -> credit.customerId().equals(customer.value())).toList();
    }

    private List<JsonNode> listed(String state, String invoiceId) {
        JsonNode all = operator.call("GET", "/operator/vendor-invoices" + (state == null ? "" : "?state=" + state),
                null, 200);
        List<JsonNode> lines = new java.util.ArrayList<>();
        all.forEach(view -> {
            if (view.path("invoiceId").asString().equals(invoiceId)) {
                lines.add(view);
            }
        });
        return lines;
    }

    private Map<String, Long> items(String invoiceId) {
        Map<String, Long> items = new java.util.TreeMap<>();
        jdbc.query("select sale_key, refund_id, amount_minor from vendor_invoice_item where invoice_id = ?",
                rs -> {
                    items.put(rs.getString(1) + " " + rs.getString(2), rs.getLong(3));
                }, invoiceId);
        return items;
    }

    private long receivable() {
        return sumOf("VENDOR_SHARES_RECEIVABLE", "owner = '" + vendor.value() + "'");
    }

    /** Platform cash moved by this vendor's sales' postings: what it paid, less the deductions. */
    private long cashFromThisVendor() {
        return sumOf("PLATFORM_CASH", "sale_key like '" + vendor.value() + "/%'");
    }

    private long sumOf(String accountType, String where) {
        Long sum = jdbc.queryForObject("select coalesce(sum(amount_minor), 0) from ledger_entry where account_type = ?"
                + " and " + where, Long.class, accountType);
        return sum == null ? 0 : sum;
    }

    private long fundings(SaleId sale) {
        Long count = jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?"
                + " and payload_type like '%.SaleBookFunded'", Long.class, "ledger:" + sale);
        return count == null ? 0 : count;
    }

    private JsonObject invoicePaid(VendorInvoiceReceipt receipt, long amount, String currency) {
        JsonObject invoice = StripeFixtures.object("invoice");
        invoice.addProperty("id", receipt.stripeInvoiceId());
        invoice.addProperty("customer", receipt.stripeCustomerId());
        invoice.addProperty("status", "paid");
        invoice.addProperty("billing_reason", "manual");
        invoice.addProperty("collection_method", "send_invoice");
        invoice.addProperty("currency", currency);
        invoice.addProperty("amount_paid", amount);
        invoice.getAsJsonObject("status_transitions").addProperty("paid_at", Instant.now().getEpochSecond());
        JsonObject metadata = new JsonObject();
        metadata.addProperty("ristourne_invoice_id", receipt.invoiceId());
        metadata.addProperty("vendor_id", vendor.value());
        invoice.add("metadata", metadata);
        return invoice;
    }

    private static String newEventId() {
        return "evt_" + UUID.randomUUID().toString().replace("-", "");
    }

    private JsonNode send(String eventId, JsonObject invoice) {
        String answer = new StripeWebhookClient(port).send(eventId, "invoice.paid", invoice, Instant.now());
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(answer);
    }
}
