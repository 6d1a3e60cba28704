package org.ristourne.billing.api;

import java.time.Instant;

/** Stripe accepted the credit: the balance transaction that holds it, and when Stripe created it. */
public record CreditReceipt(String payoutId, String balanceTransactionId, Instant creditedAt) {
}
