package org.ristourne.billing.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.Customer;
import com.stripe.model.Event;
import com.stripe.model.Invoice;
import com.stripe.model.InvoiceItem;
import com.stripe.model.Price;
import com.stripe.model.checkout.Session;
import com.stripe.net.Webhook;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.InvoiceCreateParams;
import com.stripe.param.InvoiceItemCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ristourne.billing.stripe.StripeClients;

/**
 * stripe-java reads what the stand-in answers for the objects the subscription and vendor-invoice flows use, so
 * broker tests can build on them: customer, checkout session, price, invoice item, invoice.
 */
class StripeStandInWithStripeJavaTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private final StripeStandIn stripe = StripeStandIn.start(Clock.fixed(NOW, ZoneOffset.UTC));
    private final StripeClient client = StripeClients.create(stripe.settings());

    @AfterEach
    void stop() {
        stripe.close();
    }

    @Test
    void customerThenSubscriptionCheckoutSession() throws Exception {
        Customer customer = client.v1().customers().create(CustomerCreateParams.builder()
                .setEmail("anna@example.org").putMetadata("customer_id", "customer-1").build());
        Session session = client.v1().checkout().sessions().create(SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.SUBSCRIPTION).setCustomer(customer.getId())
                .setSuccessUrl("https://ristourne.example/subscribed")
                .addLineItem(SessionCreateParams.LineItem.builder().setPrice(StripeStandIn.PRICE_ID)
                        .setQuantity(1L).build())
                .build());

        assertThat(customer.getId()).startsWith("cus_");
        assertThat(customer.getEmail()).isEqualTo("anna@example.org");
        assertThat(session.getId()).startsWith("cs_test_");
        assertThat(session.getMode()).isEqualTo("subscription");
        assertThat(session.getCustomer()).isEqualTo(customer.getId());
        assertThat(session.getStatus()).isEqualTo("open");
        assertThat(session.getUrl()).startsWith(stripe.baseUrl().toString());
        assertThat(client.v1().checkout().sessions().retrieve(session.getId()).getId()).isEqualTo(session.getId());
        assertThat(stripe.requests("POST", "/v1/checkout/sessions").get(0).params())
                .containsEntry("mode", "subscription").containsEntry("line_items[0][price]", StripeStandIn.PRICE_ID)
                .containsEntry("customer", customer.getId());
    }

    @Test
    void theSubscriptionPriceIsKnown() throws Exception {
        Price price = client.v1().prices().retrieve(StripeStandIn.PRICE_ID);

        assertThat(price.getUnitAmount()).isEqualTo(990L);
        assertThat(price.getCurrency()).isEqualTo("eur");
        assertThat(price.getRecurring().getInterval()).isEqualTo("month");
    }

    @Test
    void vendorInvoiceTakesThePendingItemsAndIsDueAfterFinalizing() throws Exception {
        stripe.givenCustomer("cus_vendor");
        InvoiceItem eur = client.v1().invoiceItems().create(InvoiceItemCreateParams.builder()
                .setCustomer("cus_vendor").setAmount(1200L).setCurrency("eur").setDescription("shares, November")
                .putMetadata("sales", "v1/s1 v1/s2").build());
        client.v1().invoiceItems().create(InvoiceItemCreateParams.builder()
                .setCustomer("cus_vendor").setAmount(300L).setCurrency("eur").build());
        client.v1().invoiceItems().create(InvoiceItemCreateParams.builder()
                .setCustomer("cus_vendor").setAmount(500L).setCurrency("jpy").build());

        Invoice draft = client.v1().invoices().create(InvoiceCreateParams.builder().setCustomer("cus_vendor")
                .setCurrency("eur").setCollectionMethod(InvoiceCreateParams.CollectionMethod.SEND_INVOICE)
                .setDaysUntilDue(30L)
                .setPendingInvoiceItemsBehavior(InvoiceCreateParams.PendingInvoiceItemsBehavior.INCLUDE).build());
        Invoice open = client.v1().invoices().finalizeInvoice(draft.getId());

        assertThat(draft.getStatus()).isEqualTo("draft");
        assertThat(draft.getAmountDue()).isEqualTo(1500L);
        assertThat(draft.getLines().getData()).hasSize(2);
        assertThat(draft.getLines().getData().get(0).getMetadata()).containsEntry("sales", "v1/s1 v1/s2");
        assertThat(open.getStatus()).isEqualTo("open");
        assertThat(open.getDueDate()).isEqualTo(NOW.plus(Duration.ofDays(30)).getEpochSecond());
        assertThat(client.v1().invoiceItems().retrieve(eur.getId()).getInvoice()).isEqualTo(draft.getId());
        assertThatThrownBy(() -> client.v1().invoices().finalizeInvoice(draft.getId()))
                .isInstanceOf(InvalidRequestException.class);
    }
    @Test
    void paidVendorInvoiceIsTheObjectOfASignedInvoicePaidEventThatStripeJavaReads() throws Exception {
        stripe.givenCustomer("cus_vendor");
        Invoice draft = client.v1().invoices().create(InvoiceCreateParams.builder().setCustomer("cus_vendor")
                .setCurrency("eur").setCollectionMethod(InvoiceCreateParams.CollectionMethod.SEND_INVOICE)
                .setDueDate(NOW.plus(Duration.ofDays(30)).getEpochSecond())
                .putMetadata("ristourne_invoice_id", "inv-1").build());
        client.v1().invoiceItems().create(InvoiceItemCreateParams.builder().setCustomer("cus_vendor")
                .setInvoice(draft.getId()).setAmount(1250L).setCurrency("eur").build());
        client.v1().invoices().finalizeInvoice(draft.getId());

        String payload = StripeEvents.event("evt_paid1", "invoice.paid", stripe.markPaid(draft.getId()), NOW);
        Event event = Webhook.constructEvent(payload,
                StripeEvents.signature(payload, StripeStandIn.WEBHOOK_SECRET, Instant.now()),
                StripeStandIn.WEBHOOK_SECRET);

        assertThat(event.getDataObjectDeserializer().getObject()).get()
                .isInstanceOfSatisfying(Invoice.class, paid -> {
                    assertThat(paid.getId()).isEqualTo(draft.getId());
                    assertThat(paid.getStatus()).isEqualTo("paid");
                    assertThat(paid.getAmountPaid()).isEqualTo(1250L);
                    assertThat(paid.getAmountRemaining()).isZero();
                    assertThat(paid.getCurrency()).isEqualTo("eur");
                    assertThat(paid.getCustomer()).isEqualTo("cus_vendor");
                    assertThat(paid.getMetadata()).containsEntry("ristourne_invoice_id", "inv-1");
                    assertThat(paid.getStatusTransitions().getPaidAt()).isEqualTo(NOW.getEpochSecond());
                    assertThat(paid.getDueDate()).isEqualTo(NOW.plus(Duration.ofDays(30)).getEpochSecond());
                });
        assertThat(client.v1().invoices().retrieve(draft.getId()).getStatus()).isEqualTo("paid");
    }
}
