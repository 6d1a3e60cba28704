package org.ristourne.billing.api;

import java.time.Instant;

/** Stripe holds the invoice, finalized and sent: its id, the vendor's Stripe customer, and its due date. */
public record VendorInvoiceReceipt(String invoiceId, String stripeInvoiceId, String stripeCustomerId,
                                   Instant dueAt) {
}
