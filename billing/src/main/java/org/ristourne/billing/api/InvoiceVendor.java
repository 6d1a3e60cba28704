package org.ristourne.billing.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.ristourne.ledger.money.Money;

/**
 * One currency of one vendor invoice: what the vendor owes for the shares of its sales confirmed in the period, net
 * of refunds of sales already invoiced. {@code invoiceId} is Ristourne's (it goes into Stripe's metadata and the
 * idempotency keys; 1 to 200 characters); {@code saleCount} and {@code description} name what the line covers, the
 * sales themselves are listed on the vendor's statement in Ristourne under that invoice id. {@code stripeCustomerId}
 * is null until the vendor has one, in which case billing creates it (metadata {@code vendor_id}) and returns it in
 * the receipt: keep it and pass it next time, since only the idempotency key (24 hours) stops a second customer.
 *
 * <p>{@code vendorEmail} is where Stripe sends the invoice. Stripe refuses to create an invoice sent by email
 * ({@code collection_method=send_invoice}) for a customer without an email, so it is required when
 * {@code stripeCustomerId} is null (the new customer is created with it) and ignored otherwise (the Stripe customer's
 * own email is used; an operator can change it in Stripe's dashboard).
 */
public record InvoiceVendor(String invoiceId, String vendorId, @Nullable String stripeCustomerId, Money total,
                            int saleCount, String description, Instant dueAt, @Nullable String vendorEmail) {

    public InvoiceVendor {
        if (!total.isPositive()) {
            throw new IllegalArgumentException("an invoice must be positive, got " + total);
        }
    }

    /** For a vendor whose Stripe customer is known (and has an email). */
    public InvoiceVendor(String invoiceId, String vendorId, @Nullable String stripeCustomerId, Money total,
                         int saleCount, String description, Instant dueAt) {
        this(invoiceId, vendorId, stripeCustomerId, total, saleCount, description, dueAt, null);
    }
}
