package org.ristourne.broker.see.payouts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.jspecify.annotations.Nullable;
import org.ristourne.billing.api.PayoutFailed;
import org.ristourne.billing.api.PayoutSettled;
import org.ristourne.broker.api.share.PayoutAbandoned;
import org.ristourne.broker.api.share.PayoutAttemptFailed;
import org.ristourne.broker.api.share.PayoutRequested;
import org.ristourne.broker.see.ledger.LedgerReadModels;
import org.ristourne.broker.support.EpochMicros;
import org.ristourne.ledger.money.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Every payout and where it stands, for the operator: the saga's outcome is otherwise only in logs. A payout given up
 * and confirmed by Stripe later shows as settled, its abandonment and reason kept beside it. Part of the ledger's read
 * models, so it is replayed with them and follows each customer's events in order.
 */
@Component
@ProcessingGroup(LedgerReadModels.GROUP)
public class PayoutProjection {

    public enum State {
        REQUESTED, SETTLED, ABANDONED, FAILED
    }

    /**
     * One payout as the operator sees it. {@code failedAttempts} counts the attempts Stripe did not answer, kept after
     * settlement (how hard it was); {@code nextAttemptAt} is when the saga tries again, while it is requested.
     */
    public record PayoutView(String payoutId, String customerId, Money amount, State state, Instant requestedAt,
                             @Nullable Instant settledAt, @Nullable Instant abandonedAt, @Nullable Instant failedAt,
                             @Nullable String reason, int failedAttempts, @Nullable Instant nextAttemptAt) {

        /** Still requested, and Stripe has failed it at least once: being retried, nothing lost. */
        public boolean delayed() {
            return state == State.REQUESTED && failedAttempts > 0;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(PayoutProjection.class);
    private static final int MAX_REASON = 1000;

    private final JdbcTemplate jdbc;

    PayoutProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(PayoutRequested event, @Timestamp Instant at) {
        try {
            insert(event.payoutId(), event.customerId(), event.amount(), State.REQUESTED, at);
        } catch (DuplicateKeyException redelivered) {
            log.debug("Payout {} already listed", event.payoutId());
        }
    }

    @EventHandler
    void on(PayoutSettled event) {
        int updated = jdbc.update("""
                update payout set state = ?, settled_at_us = ?, next_attempt_at_us = null where payout_id = ?""",
                State.SETTLED.name(), EpochMicros.of(event.settledAt()), event.payoutId());
        if (updated == 0) {
            // Settled without having been requested here (confirmed by Stripe for a payout this node never reserved):
            // listed all the same, so that the operator sees every movement of money.
            insert(event.payoutId(), event.customerId(), event.amount(), State.SETTLED, event.settledAt());
            jdbc.update("update payout set settled_at_us = requested_at_us where payout_id = ?", event.payoutId());
        }
    }

    /**
     * Only while requested: a settlement or abandonment already projected is the later fact. The attempt number, not
     * an increment, so that an event delivered twice counts once.
     */
    @EventHandler
    void on(PayoutAttemptFailed event) {
        Instant next = event.nextAttemptAt();
        jdbc.update("""
                update payout set failed_attempts = greatest(failed_attempts, ?), next_attempt_at_us = ?, reason = ?
                where payout_id = ? and state = 'REQUESTED'""", event.attempt(),
                next == null ? null : EpochMicros.of(next), truncate(event.reason()), event.payoutId());
    }

    @EventHandler
    void on(PayoutAbandoned event, @Timestamp Instant at) {
        jdbc.update("""
                update payout set state = case when state = 'REQUESTED' then 'ABANDONED' else state end,
                    abandoned_at_us = ?, reason = ?
                where payout_id = ?""", EpochMicros.of(at), truncate(event.reason()), event.payoutId());
    }

    @EventHandler
    void on(PayoutFailed event) {
        jdbc.update("update payout set state = ?, failed_at_us = ?, reason = ? where payout_id = ?",
                State.FAILED.name(), EpochMicros.of(event.failedAt()), truncate(event.reason()), event.payoutId());
    }

    @ResetHandler
    void reset() {
        int removed = jdbc.update("delete from payout");
        log.info("Payout list cleared for replay ({} payouts)", removed);
    }

    /** Newest first; {@code state} and {@code customerId} narrow the list when given. */
    public List<PayoutView> list(@Nullable State state, @Nullable String customerId, int limit) {
        StringBuilder sql = new StringBuilder("""
                select payout_id, customer_id, currency, amount_minor, state, requested_at_us, settled_at_us,
                    abandoned_at_us, failed_at_us, reason, failed_attempts, next_attempt_at_us
                from payout where 1 = 1""");
        List<Object> arguments = new ArrayList<>();
        if (state != null) {
            sql.append(" and state = ?");
            arguments.add(state.name());
        }
        if (customerId != null) {
            sql.append(" and customer_id = ?");
            arguments.add(customerId);
        }
        sql.append(" order by requested_at_us desc, payout_id limit ?");
        arguments.add(limit);
        return jdbc.query(sql.toString(), (rs, n) -> new PayoutView(rs.getString("payout_id"),
                rs.getString("customer_id"), Money.of(rs.getLong("amount_minor"), rs.getString("currency")),
                State.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)),
                EpochMicros.toInstant(rs.getLong("requested_at_us")), instant(rs.getObject("settled_at_us")),
                instant(rs.getObject("abandoned_at_us")), instant(rs.getObject("failed_at_us")),
                rs.getString("reason"), rs.getInt("failed_attempts"), instant(rs.getObject("next_attempt_at_us"))),
                arguments.toArray());
    }

    private void insert(String payoutId, String customerId, Money amount, State state, Instant at) {
        jdbc.update("""
                insert into payout (payout_id, customer_id, currency, amount_minor, state, requested_at_us)
                values (?, ?, ?, ?, ?, ?)""", payoutId, customerId, amount.currency().getCurrencyCode(),
                amount.minorUnits(), state.name(), EpochMicros.of(at));
    }

    private static @Nullable Instant instant(@Nullable Object micros) {
        return micros == null ? null : EpochMicros.toInstant(((Number) micros).longValue());
    }

    private static @Nullable String truncate(@Nullable String reason) {
        return reason == null || reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 1) + "…";
    }
}
