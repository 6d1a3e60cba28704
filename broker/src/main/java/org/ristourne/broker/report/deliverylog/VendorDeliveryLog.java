package org.ristourne.broker.report.deliverylog;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.support.EpochMicros;
import org.ristourne.broker.support.StoreUnavailable;
import org.ristourne.broker.support.WriteConflicts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes, reads and bounds the log of signed deliveries. Writing it never changes a webhook's answer: a failed write
 * is logged at WARN and forgotten. A delivery that is recorded or repeated is logged by the intake in its own
 * transaction (one insert more, no read); a refusal in a short transaction of its own, since the intake's has rolled
 * back. Bounded by {@link #purge()}, never by a read on the webhook's path.
 */
@Component
public class VendorDeliveryLog {

    private static final Logger log = LoggerFactory.getLogger(VendorDeliveryLog.class);
    private static final int MAX_DETAIL = 500;
    private static final int MAX_PROBLEM_TYPE = 64;
    private static final String INSERT = """
            insert into vendor_delivery (vendor_id, webhook_id, event_type, outcome, http_status, problem_type, detail,
                received_at_us) values (?, ?, ?, ?, ?, ?, ?, ?)
            """;

    public enum Outcome {
        RECORDED, DUPLICATE, REFUSED;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static @Nullable Outcome ofCode(@Nullable String code) {
            for (Outcome outcome : values()) {
                if (outcome.code().equals(code)) {
                    return outcome;
                }
            }
            return null;
        }
    }

    /** One logged delivery, as the vendor console shows it. */
    public record Delivery(long deliveryId, Instant receivedAt, String webhookId, String eventType, Outcome outcome,
                           int httpStatus, @Nullable String problemType, @Nullable String detail) {
    }

    /** The event types the log tells apart; anything else (or a body that was not a report) is {@code other}. */
    public static final String SALE_COMPLETED = "sale.completed";
    public static final String SALE_REFUNDED = "sale.refunded";
    public static final String OTHER = "other";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private final DeliveryLogProperties properties;

    VendorDeliveryLog(JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock,
                      DeliveryLogProperties properties) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        this.properties = properties;
    }

    /** A delivery recorded or repeated, as one of several written together. */
    public record Accepted(VendorId vendor, String webhookId, String eventType, Outcome outcome, int httpStatus) {
    }

    /**
     * The deliveries of a group commit, in the intake's transaction as one batched statement (one multi-row insert on
     * MySQL and MariaDB). A lost race fails the transaction, to be tried again; anything else is logged and
     * forgotten.
     */
    public void logAllInTransaction(List<Accepted> accepted) {
        if (accepted.isEmpty()) {
            return;
        }
        long now = EpochMicros.of(clock.instant());
        try {
            jdbc.batchUpdate(INSERT, accepted.stream().map(delivery -> new Object[]{delivery.vendor().value(),
                    delivery.webhookId(), delivery.eventType(), delivery.outcome().code(), delivery.httpStatus(), null,
                    null, now}).toList());
        } catch (DataAccessException e) {
            // a lost race, or a connection lost: the transaction is gone, and the intake must know it
            if (WriteConflicts.isCause(e) || StoreUnavailable.isCause(e)) {
                throw e;
            }
            log.warn("{} deliveries (the first {} of vendor {}) not written to the delivery log: {}", accepted.size(),
                    accepted.get(0).webhookId(), accepted.get(0).vendor(), e.toString());
        }
    }

    /** A signed delivery refused: its own short transaction, the intake's (if any) having rolled back. */
    public void logRefusal(VendorId vendor, String webhookId, String eventType, int httpStatus, String problemType,
                           @Nullable String detail) {
        try {
            ownTransaction.executeWithoutResult(status -> insert(vendor, webhookId, eventType, Outcome.REFUSED,
                    httpStatus, problemType, detail));
        } catch (RuntimeException e) {
            log.warn("Refusal {} of delivery {} of vendor {} not written to the delivery log: {}", problemType,
                    webhookId, vendor, e.toString());
        }
    }

    private void insert(VendorId vendor, String webhookId, String eventType, Outcome outcome, int httpStatus,
                        @Nullable String problemType, @Nullable String detail) {
        jdbc.update(INSERT, vendor.value(), webhookId, eventType, outcome.code(), httpStatus,
                truncate(problemType, MAX_PROBLEM_TYPE), truncate(detail, MAX_DETAIL),
                EpochMicros.of(clock.instant()));
    }

    /** The vendor's newest deliveries first, all outcomes or one. */
    public List<Delivery> newest(VendorId vendor, @Nullable Outcome outcome, int limit) {
        String sql = "select delivery_id, received_at_us, webhook_id, event_type, outcome, http_status, problem_type,"
                + " detail from vendor_delivery where vendor_id = ?" + (outcome == null ? "" : " and outcome = ?")
                + " order by delivery_id desc limit ?";
        List<Object> arguments = new ArrayList<>(List.of(vendor.value()));
        if (outcome != null) {
            arguments.add(outcome.code());
        }
        arguments.add(limit);
        return jdbc.query(sql, (rs, row) -> new Delivery(rs.getLong(1), EpochMicros.toInstant(rs.getLong(2)),
                rs.getString(3), rs.getString(4), Outcome.ofCode(rs.getString(5)), rs.getInt(6), rs.getString(7),
                rs.getString(8)), arguments.toArray());
    }

    /** Signed deliveries of a vendor since a moment, how many were refused, and by which problem types. */
    public record Counts(long signed, long refused, Map<String, Long> refusedByProblemType) {

        public Counts {
            refusedByProblemType = Collections.unmodifiableMap(new LinkedHashMap<>(refusedByProblemType));
        }
    }

    /** Reads at most the log's bound per vendor, so it stays cheap whatever the vendor sends. */
    public Counts countsSince(VendorId vendor, Instant since) {
        long from = EpochMicros.of(since);
        Map<String, Long> byType = new LinkedHashMap<>();
        long[] totals = new long[2];
        jdbc.query("select outcome, problem_type, count(*) from vendor_delivery where vendor_id = ?"
                + " and received_at_us >= ? group by outcome, problem_type order by count(*) desc, problem_type",
                rs -> {
                    long count = rs.getLong(3);
                    totals[0] += count;
                    if (Outcome.REFUSED.code().equals(rs.getString(1))) {
                        totals[1] += count;
                        byType.merge(Objects.requireNonNullElse(rs.getString(2), OTHER), count, Long::sum);
                    }
                }, vendor.value(), from);
        return new Counts(totals[0], totals[1], byType);
    }

    /**
     * Deletes what is older than {@code keepFor}, then each vendor's rows beyond its newest {@code keepPerVendor}.
     * Idempotent, so every node may run it: a second run at the same moment deletes nothing more.
     *
     * @return the rows deleted
     */
    public int purge() {
        int deleted = jdbc.update("delete from vendor_delivery where received_at_us < ?",
                EpochMicros.of(clock.instant().minus(properties.keepFor())));
        List<String> overfull = jdbc.queryForList("select vendor_id from vendor_delivery group by vendor_id"
                + " having count(*) > ?", String.class, properties.keepPerVendor());
        for (String vendor : overfull) {
            List<Long> oldestKept = jdbc.queryForList("select delivery_id from vendor_delivery where vendor_id = ?"
                    + " order by delivery_id desc limit 1 offset ?", Long.class, vendor,
                    properties.keepPerVendor() - 1);
            if (!oldestKept.isEmpty()) {
                deleted += jdbc.update("delete from vendor_delivery where vendor_id = ? and delivery_id < ?", vendor,
                        oldestKept.get(0));
            }
        }
        return deleted;
    }

    private static @Nullable String truncate(@Nullable String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 2)) ? max - 2 : max - 1;
        return text.substring(0, end) + "…";
    }
}
