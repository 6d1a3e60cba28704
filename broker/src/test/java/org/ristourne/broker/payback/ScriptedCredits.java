package org.ristourne.broker.payback;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ristourne.billing.api.BillingUnavailable;
import org.ristourne.billing.api.CreditRebate;
import org.ristourne.billing.api.CreditReceipt;
import org.ristourne.billing.api.CreditRefused;
import org.ristourne.billing.api.CustomerCredits;

/**
 * A {@link CustomerCredits} for tests: records every request, fails the first {@code unavailable} of them as Stripe
 * being unavailable (or refuses them all), and otherwise credits, once per payout id, as Stripe's idempotency key
 * would: a request repeated after a success gets the same receipt.
 */
public class ScriptedCredits implements CustomerCredits {

    private final List<CreditRebate> requests = new ArrayList<>();
    private final List<CreditRebate> credited = new ArrayList<>();
    private int unavailable;
    private boolean refuse;
    private final Instant creditedAt;

    public ScriptedCredits(Instant creditedAt) {
        this.creditedAt = creditedAt;
    }

    public synchronized ScriptedCredits failingFirst(int times) {
        this.unavailable = times;
        return this;
    }

    public synchronized ScriptedCredits refusingAll() {
        this.refuse = true;
        return this;
    }

    public synchronized void reset() {
        requests.clear();
        credited.clear();
        unavailable = 0;
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
        return new CreditReceipt(request.payoutId(), "cbtxn_" + request.payoutId(), creditedAt);
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
