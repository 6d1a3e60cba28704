package org.ristourne.broker.api.vendorinvoice;

import java.time.Instant;
import java.util.Currency;

public record VendorInvoiceSent(String invoicingId, String invoiceId, Currency currency, String stripeInvoiceId,
                                String stripeCustomerId, Instant dueAt, Instant sentAt) {
}
