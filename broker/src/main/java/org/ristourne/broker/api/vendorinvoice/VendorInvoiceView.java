package org.ristourne.broker.api.vendorinvoice;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.ristourne.ledger.money.Money;

/** One line of a vendor invoice (one Stripe invoice), as the operator sees it. */
public record VendorInvoiceView(String invoiceId, String vendorId, Money total, int saleCount, int deductionCount,
                                String state, Instant periodEnd, Instant issuedAt, Instant dueAt,
                                @Nullable String stripeInvoiceId, @Nullable Instant paidAt,
                                @Nullable String detail) {
}
