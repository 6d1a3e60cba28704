package org.ristourne.broker.api.vendorinvoice;

import java.time.Instant;
import java.util.Currency;
import org.ristourne.broker.api.VendorId;

public record VendorInvoiceOverdue(String invoicingId, String invoiceId, VendorId vendorId, Currency currency,
                                   Instant dueAt, Instant at) {
}
