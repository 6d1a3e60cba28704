package org.ristourne.broker.payback;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ristourne.billing.api.BillingUnavailable;

/**
 * What {@link ScriptedCredits} and {@link ScriptedCash} share: every request recorded; the first few failed as Stripe
 * unavailable (nothing made), or made with the answer lost, or all refused; otherwise made once per payout id, as
 * Stripe's idempotency key would, and found again by the look-up.
 *
 * @param <Q> the request (a credit or a cash payout)
 * @param <R> its receipt
 */
abstract class ScriptedPayments<Q, R> {

    private final List<Q> requests = new ArrayList<>();
    private final List<Q> made = new ArrayList<>();
    private final List<String> lookUps = new ArrayList<>();
    private int unavailable;
    private int madeButUnavailable;
    private int lookUpsUnavailable;
    private boolean refuse;

    abstract String payoutIdOf(Q request);

    /** The Stripe customer or connected account the request goes to. */
    abstract String destinationOf(Q request);

    abstract RuntimeException refusal(Q request);

    abstract R receipt(String payoutId);

    synchronized void script(int unavailable, int madeButUnavailable, int lookUpsUnavailable, boolean refuse) {
        this.unavailable = unavailable == -1 ? this.unavailable : unavailable;
        this.madeButUnavailable = madeButUnavailable == -1 ? this.madeButUnavailable : madeButUnavailable;
        this.lookUpsUnavailable = lookUpsUnavailable == -1 ? this.lookUpsUnavailable : lookUpsUnavailable;
        this.refuse = this.refuse || refuse;
    }

    public synchronized void reset() {
        requests.clear();
        made.clear();
        lookUps.clear();
        unavailable = 0;
        madeButUnavailable = 0;
        lookUpsUnavailable = 0;
        refuse = false;
    }

    synchronized R handle(Q request) {
        requests.add(request);
        if (refuse) {
            throw refusal(request);
        }
        if (unavailable > 0) {
            unavailable--;
            throw new BillingUnavailable("Stripe answered 500", null);
        }
        if (made.stream().noneMatch(done -> payoutIdOf(done).equals(payoutIdOf(request)))) {
            made.add(request);
        }
        if (madeButUnavailable > 0) {
            madeButUnavailable--;
            throw new BillingUnavailable("Read timed out", null);
        }
        return receipt(payoutIdOf(request));
    }

    synchronized Optional<R> lookUp(String payoutId, String destination) {
        lookUps.add(payoutId);
        if (lookUpsUnavailable > 0) {
            lookUpsUnavailable--;
            throw new BillingUnavailable("Stripe answered 503", null);
        }
        return made.stream()
                .filter(done -> payoutIdOf(done).equals(payoutId) && destinationOf(done).equals(destination))
                .findFirst().map(done -> receipt(payoutId));
    }

    /** Every request, failed or not, in order. */
    public synchronized List<Q> requests() {
        return List.copyOf(requests);
    }

    /** What Stripe would hold: one per payout id. */
    synchronized List<Q> made() {
        return List.copyOf(made);
    }

    /** The payout ids looked up, in order. */
    public synchronized List<String> lookUps() {
        return List.copyOf(lookUps);
    }
}
