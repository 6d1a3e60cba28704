package org.ristourne.billing.api;

import java.time.Instant;

/** Stripe made the transfer: its {@code tr_…} id, and when Stripe created it. */
public record CashReceipt(String payoutId, String transferId, Instant paidAt) {
}
