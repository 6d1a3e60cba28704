package org.ristourne.broker.api.vendorinvoice;

import java.time.Instant;
import java.util.Currency;

public record VendorInvoiceFailed(String invoicingId, String invoiceId, Currency currency, String reason,
                                  Instant failedAt) {
}
