package org.ristourne.broker.payback;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.ristourne.billing.api.CashPayouts;

/**
 * Billing's {@link CashPayouts}, present only when Stripe is configured and Connect payouts are switched on
 * ({@code ristourne.stripe.connect-payouts}). Off, the payout saga never asks for a transfer, whatever customers'
 * connected accounts say.
 */
public final class StripeCash {

    private final @Nullable CashPayouts cash;

    public StripeCash(@Nullable CashPayouts cash) {
        this.cash = cash;
    }

    public static StripeCash off() {
        return new StripeCash(null);
    }

    public Optional<CashPayouts> port() {
        return Optional.ofNullable(cash);
    }
}
