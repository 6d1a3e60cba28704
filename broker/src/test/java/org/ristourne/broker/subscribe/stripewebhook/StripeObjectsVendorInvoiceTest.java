package org.ristourne.broker.subscribe.stripewebhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.ristourne.ledger.money.Money;

/** An {@code invoice.paid} is a vendor invoice's when its metadata names a Ristourne invoice, and only then. */
class StripeObjectsVendorInvoiceTest {

    @Test
    void aVendorInvoiceIsReadFromItsMetadataAmountAndPaymentTime() {
        StripeObjects.VendorInvoicePaid invoice = StripeObjects.vendorInvoice("""
                {"id":"in_9","customer":{"id":"cus_V"},"currency":"eur","amount_paid":677,"billing_reason":"manual",
                 "status_transitions":{"paid_at":1790000000},
                 "metadata":{"ristourne_invoice_id":"vinv_1","vendor_id":"acme"}}""");

        assertThat(invoice).isEqualTo(new StripeObjects.VendorInvoicePaid("in_9", "vinv_1", "acme", "cus_V", 677,
                "EUR", Instant.ofEpochSecond(1790000000)));
        assertThat(invoice.amount()).isEqualTo(Money.of(677, "EUR"));
    }

    @Test
    void anInvoiceWithoutOurInvoiceIdIsNotAVendorInvoice() {
        assertThat(StripeObjects.vendorInvoice("""
                {"id":"in_1","currency":"eur","amount_paid":990,"metadata":{"vendor_id":"acme"}}""")).isNull();
        assertThat(StripeObjects.vendorInvoice("""
                {"id":"in_1","currency":"eur","amount_paid":990,"metadata":{}}""")).isNull();
    }

    @Test
    void anAmountInACurrencyStripeCountsOtherwiseIsNotRead() {
        assertThat(StripeObjects.vendorInvoice("""
                {"id":"in_1","currency":"isk","amount_paid":990,"metadata":{"ristourne_invoice_id":"vinv_1"}}""")
                .amount()).isNull();
    }
}
