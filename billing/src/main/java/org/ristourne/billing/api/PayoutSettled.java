package org.ristourne.billing.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.ristourne.ledger.money.Money;

/**
 * Stripe confirmed that a customer's rebates left: as credit on their next invoice, or as cash ({@code method}).
 * Events stored before the method was recorded have none: they were all credits, so an absent method reads as
 * {@link PayoutMethod#CREDIT}.
 */
public record PayoutSettled(String payoutId, String customerId, Money amount, Instant settledAt, PayoutMethod method) {

    public PayoutSettled(String payoutId, String customerId, Money amount, Instant settledAt,
                         @Nullable PayoutMethod method) {
        this.payoutId = payoutId;
        this.customerId = customerId;
        this.amount = amount;
        this.settledAt = settledAt;
        this.method = method == null ? PayoutMethod.CREDIT : method;
    }

    /** A credit to the customer's Stripe balance. */
    public PayoutSettled(String payoutId, String customerId, Money amount, Instant settledAt) {
        this(payoutId, customerId, amount, settledAt, PayoutMethod.CREDIT);
    }
}
