package org.ristourne.broker.api.vendorinvoice;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.VendorId;

/**
 * An invoice was made for the vendor: one line per currency. {@code stripeCustomerId} is the vendor's Stripe customer
 * if an earlier invoice made one, null otherwise.
 */
public record VendorInvoiceIssued(String invoicingId, String invoiceId, VendorId vendorId, Instant periodEnd,
                                  Instant issuedAt, Instant dueAt, List<InvoiceLine> lines,
                                  @Nullable String stripeCustomerId) {

    public VendorInvoiceIssued {
        lines = List.copyOf(lines);
    }
}
