package org.ristourne.broker.payback;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.ristourne.billing.api.CashPayouts;
import org.ristourne.billing.api.CashReceipt;
import org.ristourne.billing.api.CashRefused;
import org.ristourne.billing.api.PayCash;

/** A {@link CashPayouts} for tests, scripted like {@link ScriptedCredits}: one transfer per payout id. */
public class ScriptedCash extends ScriptedPayments<PayCash, CashReceipt> implements CashPayouts {

    private final Instant paidAt;

    public ScriptedCash(Instant paidAt) {
        this.paidAt = paidAt;
    }

    public ScriptedCash failingFirst(int times) {
        script(times, -1, -1, false);
        return this;
    }

    /** The first {@code times} requests transfer (once per payout), but their answers are lost: unavailable. */
    public ScriptedCash transferringButAnsweringUnavailableFirst(int times) {
        script(-1, times, -1, false);
        return this;
    }

    public ScriptedCash lookUpsFailingFirst(int times) {
        script(-1, -1, times, false);
        return this;
    }

    public ScriptedCash refusingAll() {
        script(-1, -1, -1, true);
        return this;
    }

    @Override
    public CashReceipt pay(PayCash request) {
        return handle(request);
    }

    @Override
    public Optional<CashReceipt> find(String payoutId, String connectedAccountId) {
        return lookUp(payoutId, connectedAccountId);
    }

    /** The transfers Stripe would hold: one per payout id. */
    public List<PayCash> transferred() {
        return made();
    }

    @Override
    String payoutIdOf(PayCash request) {
        return request.payoutId();
    }

    @Override
    String destinationOf(PayCash request) {
        return request.connectedAccountId();
    }

    @Override
    RuntimeException refusal(PayCash request) {
        return new CashRefused("No such destination: '" + request.connectedAccountId() + "'");
    }

    @Override
    CashReceipt receipt(String payoutId) {
        return new CashReceipt(payoutId, "tr_" + payoutId, paidAt);
    }
}
