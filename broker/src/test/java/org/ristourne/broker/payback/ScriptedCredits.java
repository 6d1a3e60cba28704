package org.ristourne.broker.payback;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ristourne.billing.api.BillingUnavailable;
import org.ristourne.billing.api.CreditRebate;
import org.ristourne.billing.api.CreditReceipt;
import org.ristourne.billing.api.CreditRefused;
import org.ristourne.billing.api.CustomerCredits;

/**
 * A {@link CustomerCredits} for tests: records every request, fails the first {@code unavailable} of them as Stripe
 * being unavailable (or refuses them all), and otherwise credits, once per payout id, as Stripe's idempotency key
 * would: a request repeated after a success gets the same receipt. It can also credit while answering unavailable (Stripe
 * made the credit, the answer was lost) and fail look-ups ({@link #find}).
 */
public class ScriptedCredits implements CustomerCredits {

    private final List<CreditRebate> requests = new ArrayList<>();
    private final List<CreditRebate> credited = new ArrayList<>();
    private final List<String> lookUps = new ArrayList<>();
    private int unavailable;
    private int creditedButUnavailable;
    private int lookUpsUnavailable;
    private boolean refuse;
    private final Instant creditedAt;

    public ScriptedCredits(Instant creditedAt) {
        this.creditedAt = creditedAt;
    }

    public synchronized ScriptedCredits failingFirst(int times) {
        this.unavailable = times;
        return this;
    }

    /** The first {@code times} requests credit (once per payout), but their answers are lost: unavailable. */
    public synchronized ScriptedCredits creditingButAnsweringUnavailableFirst(int times) {
        this.creditedButUnavailable = times;
        return this;
    }

    /** The first {@code times} look-ups fail as Stripe being unavailable. */
    public synchronized ScriptedCredits lookUpsFailingFirst(int times) {
        this.lookUpsUnavailable = times;
        return this;
    }

    public synchronized ScriptedCredits refusingAll() {
        this.refuse = true;
        return this;
    }

    public synchronized void reset() {
        requests.clear();
        credited.clear();
        lookUps.clear();
        unavailable = 0;
        creditedButUnavailable = 0;
        lookUpsUnavailable = 0;
        refuse = false;
    }

    @Override
    public synchronized CreditReceipt credit(CreditRebate request) {
        requests.add(request);
        if (refuse) {
            throw new CreditRefused("No such customer: '" + request.stripeCustomerId() + "'", null);
        }
        if (unavailable > 0) {
            unavailable--;
            throw new BillingUnavailable("Stripe answered 500", null);
        }
        if (credited.stream().noneMatch(done -> done.payoutId().equals(request.payoutId()))) {
            credited.add(request);
        }
        if (creditedButUnavailable > 0) {
            creditedButUnavailable--;
            throw new BillingUnavailable("Read timed out", null);
        }
        return receipt(request.payoutId());
    }

    @Override
    public synchronized Optional<CreditReceipt> find(String payoutId, String stripeCustomerId) {
        lookUps.add(payoutId);
        if (lookUpsUnavailable > 0) {
            lookUpsUnavailable--;
            throw new BillingUnavailable("Stripe answered 503", null);
        }
        return credited.stream()
                .filter(done -> done.payoutId().equals(payoutId) && done.stripeCustomerId().equals(stripeCustomerId))
                .findFirst().map(done -> receipt(payoutId));
    }

    private CreditReceipt receipt(String payoutId) {
        return new CreditReceipt(payoutId, "cbtxn_" + payoutId, creditedAt);
    }

    /** The payout ids looked up, in order. */
    public synchronized List<String> lookUps() {
        return List.copyOf(lookUps);
    }

    /** Every request, failed or not, in order. */
    public synchronized List<CreditRebate> requests() {
        return List.copyOf(requests);
    }

    /** The credits Stripe would hold: one per payout id. */
    public synchronized List<CreditRebate> credited() {
        return List.copyOf(credited);
    }
}
