package org.ristourne.broker.payback;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.ristourne.billing.api.CreditRebate;
import org.ristourne.billing.api.CreditReceipt;
import org.ristourne.billing.api.CreditRefused;
import org.ristourne.billing.api.CustomerCredits;

/**
 * A {@link CustomerCredits} for tests: records every request, fails the first {@code unavailable} of them as Stripe
 * being unavailable (or refuses them all), and otherwise credits, once per payout id, as Stripe's idempotency key
 * would: a request repeated after a success gets the same receipt. It can also credit while answering unavailable
 * (Stripe made the credit, the answer was lost) and fail look-ups ({@link #find}).
 */
public class ScriptedCredits extends ScriptedPayments<CreditRebate, CreditReceipt> implements CustomerCredits {

    private final Instant creditedAt;

    public ScriptedCredits(Instant creditedAt) {
        this.creditedAt = creditedAt;
    }

    public ScriptedCredits failingFirst(int times) {
        script(times, -1, -1, false);
        return this;
    }

    /** The first {@code times} requests credit (once per payout), but their answers are lost: unavailable. */
    public ScriptedCredits creditingButAnsweringUnavailableFirst(int times) {
        script(-1, times, -1, false);
        return this;
    }

    /** The first {@code times} look-ups fail as Stripe being unavailable. */
    public ScriptedCredits lookUpsFailingFirst(int times) {
        script(-1, -1, times, false);
        return this;
    }

    public ScriptedCredits refusingAll() {
        script(-1, -1, -1, true);
        return this;
    }

    @Override
    public CreditReceipt credit(CreditRebate request) {
        return handle(request);
    }

    @Override
    public Optional<CreditReceipt> find(String payoutId, String stripeCustomerId) {
        return lookUp(payoutId, stripeCustomerId);
    }

    /** The credits Stripe would hold: one per payout id. */
    public List<CreditRebate> credited() {
        return made();
    }

    @Override
    String payoutIdOf(CreditRebate request) {
        return request.payoutId();
    }

    @Override
    String destinationOf(CreditRebate request) {
        return request.stripeCustomerId();
    }

    @Override
    RuntimeException refusal(CreditRebate request) {
        return new CreditRefused("No such customer: '" + request.stripeCustomerId() + "'", null);
    }

    @Override
    CreditReceipt receipt(String payoutId) {
        return new CreditReceipt(payoutId, "cbtxn_" + payoutId, creditedAt);
    }
}
