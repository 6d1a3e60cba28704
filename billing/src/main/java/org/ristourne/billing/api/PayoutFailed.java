package org.ristourne.billing.api;

import java.time.Instant;

/** Stripe reported that a payout it had confirmed did not go through: the rebates are payable again. */
public record PayoutFailed(String payoutId, String customerId, String reason, Instant failedAt) {
}
