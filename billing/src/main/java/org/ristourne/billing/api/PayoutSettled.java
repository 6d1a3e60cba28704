package org.ristourne.billing.api;

import java.time.Instant;
import org.ristourne.ledger.money.Money;

/** Stripe confirmed that a customer's rebates left: as credit on their next invoice, or as cash. */
public record PayoutSettled(String payoutId, String customerId, Money amount, Instant settledAt) {
}
