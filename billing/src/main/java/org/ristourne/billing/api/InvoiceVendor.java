package org.ristourne.billing.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.ristourne.ledger.money.Money;

/**
 * One currency of one vendor invoice: what the vendor owes for the shares of its sales confirmed in the period, net
 * of refunds of sales already invoiced. {@code invoiceId} is Ristourne's (it goes into Stripe's metadata and the
 * idempotency keys); {@code saleCount} and {@code description} name what the line covers, the sales themselves are
 * listed on the vendor's statement in Ristourne under that invoice id. {@code stripeCustomerId} is null until the
 * vendor has one, in which case billing creates it (metadata {@code vendor_id}) and returns it in the receipt.
 */
public record InvoiceVendor(String invoiceId, String vendorId, @Nullable String stripeCustomerId, Money total,
                            int saleCount, String description, Instant dueAt) {

    public InvoiceVendor {
        if (!total.isPositive()) {
            throw new IllegalArgumentException("an invoice must be positive, got " + total);
        }
    }
}
