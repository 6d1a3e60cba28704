package org.ristourne.broker.payback;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.ristourne.billing.api.CustomerCredits;

/**
 * Billing's {@link CustomerCredits} if this node has one (billing provides it only when Stripe is configured). Without
 * it the payout saga does not pretend: requested payouts stay requested, and health and the log say why.
 */
public final class StripeCredits {

    private final @Nullable CustomerCredits credits;

    public StripeCredits(@Nullable CustomerCredits credits) {
        this.credits = credits;
    }

    public static StripeCredits notConfigured() {
        return new StripeCredits(null);
    }

    public Optional<CustomerCredits> port() {
        return Optional.ofNullable(credits);
    }

    public boolean configured() {
        return credits != null;
    }
}
