package org.ristourne.broker.report.vendorwebhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.ristourne.broker.api.CustomerRef;
import org.ristourne.broker.api.RefundId;
import org.ristourne.broker.api.RuleViolation;
import org.ristourne.broker.api.SaleId;
import org.ristourne.broker.api.SaleLine;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.sale.RefundSale;
import org.ristourne.broker.api.sale.ReportSale;
import org.ristourne.broker.privacy.CustomerErasure;
import org.ristourne.broker.report.deliverylog.VendorDeliveryLog;
import org.ristourne.broker.support.EpochMicros;
import org.ristourne.broker.support.WriteConflicts;
import org.ristourne.ledger.money.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Records verified, well-formed reports, several in one transaction (group commit). One Axon root unit of work holds
 * the transaction: each report's command runs in a unit of work nested in it, which hands its events to the root, so
 * the events of the whole group are appended once, the idempotency rows are written as multi-row statements, and
 * everything commits once. The event store wakes its processors only after that commit, when they can read it.
 *
 * <p>A report that breaks a rule, or repeats or conflicts with one already recorded, writes nothing and gets its own
 * answer, while the others are recorded: every row of a report is written only after its command succeeded. Any
 * other failure of the group (a lost race with another writer, on this node or another, or an unavailable store)
 * rolls the whole group back and records its reports one by one, each as if it had come alone.
 *
 * <p>Idempotency lives in the database's unique keys, so concurrent deliveries of the same report on any number of
 * nodes record it once; the losers of that race see the winner's rows and answer as for a repeat.
 */
@Component
class IntakeRecorder {

    private static final Logger log = LoggerFactory.getLogger(IntakeRecorder.class);
    private static final int ATTEMPTS = 12;
    private static final long MAX_PAUSE_MILLIS = 100;

    record Outcome(HttpStatus status, String result, String saleId) {
    }

    /** A report waiting for its answer, which is given only once it is committed, or refused. */
    record Delivery(VendorId vendor, String webhookId, String bodyHash, VendorReport report,
                    CompletableFuture<Outcome> answer) {

        Delivery(VendorId vendor, String webhookId, String bodyHash, VendorReport report) {
            this(vendor, webhookId, bodyHash, report, new CompletableFuture<>());
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionManager transactions;
    private final CommandGateway commands;
    private final Clock clock;
    private final VendorDeliveryLog deliveries;
    private final DistributionSummary groupSizes;
    private final Counter groupsRedone;

    IntakeRecorder(JdbcTemplate jdbc, TransactionManager transactions, CommandGateway commands, Clock clock,
                   VendorDeliveryLog deliveries, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.commands = commands;
        this.clock = clock;
        this.deliveries = deliveries;
        this.groupSizes = DistributionSummary.builder("ristourne.intake.group.size")
                .description("reports recorded in one transaction").register(meters);
        this.groupsRedone = Counter.builder("ristourne.intake.group.redone")
                .description("groups rolled back and recorded one report at a time").register(meters);
    }

    /** Answers every delivery of the group, never throws. */
    void record(List<Delivery> group) {
        if (group.size() > 1) {
            Map<Delivery, Object> answers;
            try {
                answers = inOneTransaction(group);
            } catch (RuntimeException e) {
                groupsRedone.increment();
                log.debug("A group of {} reports was rolled back and is recorded one report at a time: {}",
                        group.size(), e.toString());
                group.forEach(this::recordAlone);
                return;
            }
            groupSizes.record(group.size());
            group.forEach(delivery -> answer(delivery, answers.get(delivery)));
            return;
        }
        groupSizes.record(1);
        recordAlone(group.get(0));
    }

    /**
     * One report in its own transaction. Writers that lose a race are sent round again, the whole transaction each
     * time, after a short random pause so that they do not collide again in step. Each round lets at least one writer
     * of a sale through, so {@value #ATTEMPTS} attempts outlast any realistic burst; past them the vendor is told to
     * retry later, as for an unavailable store.
     */
    private void recordAlone(Delivery delivery) {
        for (int attempt = 1; ; attempt++) {
            try {
                answer(delivery, inOneTransaction(List.of(delivery)).get(delivery));
                return;
            } catch (RuntimeException e) {
                VendorReport report = delivery.report();
                if (!WriteConflicts.isCause(e)) {
                    delivery.answer().completeExceptionally(e);
                    return;
                }
                if (attempt == ATTEMPTS) {
                    log.warn("Report {} of sale {} from vendor {} still lost to concurrent writers after {} attempts",
                            delivery.webhookId(), report.vendorSaleId(), delivery.vendor(), ATTEMPTS, e);
                    delivery.answer().completeExceptionally(new IntakeRejection(HttpStatus.SERVICE_UNAVAILABLE,
                            "store-unavailable", "other reports of sale " + report.vendorSaleId()
                            + " kept changing it; retry later"));
                    return;
                }
                log.debug("Concurrent write of {} {} from vendor {} (attempt {}), trying again: {}",
                        report.getClass().getSimpleName(), report.vendorSaleId(), delivery.vendor(), attempt,
                        e.toString());
                if (!pause(attempt)) {
                    delivery.answer().completeExceptionally(new IntakeRejection(HttpStatus.SERVICE_UNAVAILABLE,
                            "store-unavailable", "this node is shutting down; retry later"));
                    return;
                }
            }
        }
    }

    private static void answer(Delivery delivery, Object answer) {
        if (answer instanceof Outcome outcome) {
            delivery.answer().complete(outcome);
        } else {
            delivery.answer().completeExceptionally((RuntimeException) answer);
        }
    }

    private static boolean pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 1 + Math.min(MAX_PAUSE_MILLIS, 10L * attempt)));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The group in one transaction: each delivery's answer, an {@link Outcome} or the refusal that is its own (a
     * rule, a repeat with other content). Throws, with nothing stored, when the group as a whole fails.
     */
    Map<Delivery, Object> inOneTransaction(List<Delivery> group) {
        UnitOfWork<?> root = DefaultUnitOfWork.startAndGet(GenericMessage.asMessage("vendor reports"));
        try {
            root.attachTransaction(transactions);
            Map<Delivery, Object> answers = new HashMap<>();
            Known known = Known.of(jdbc, group);
            Writes writes = new Writes(EpochMicros.of(clock.instant()), known);
            for (Delivery delivery : group) {
                try {
                    answers.put(delivery, recordInGroup(delivery, known, writes));
                } catch (RuleViolation | IntakeRejection refusal) {
                    answers.put(delivery, refusal);
                }
            }
            writes.insert(jdbc, deliveries);
            root.commit();
            return answers;
        } catch (RuntimeException | Error e) {
            if (root.isActive() && CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get() == root) {
                root.rollback(e);
            }
            throw e;
        } finally {
            // A nested unit of work that failed to end would otherwise stay this writer thread's current one.
            while (CurrentUnitOfWork.isStarted()) {
                CurrentUnitOfWork.clear(CurrentUnitOfWork.get());
            }
        }
    }

    private Outcome recordInGroup(Delivery delivery, Known known, Writes writes) {
        VendorReport report = delivery.report();
        Key webhook = new Key(delivery.vendor(), delivery.webhookId());
        String deliveredHash = known.deliveries.get(webhook);
        if (deliveredHash != null) {
            if (!deliveredHash.equals(delivery.bodyHash())) {
                throw new IntakeRejection(HttpStatus.CONFLICT, "webhook-id-reused",
                        "webhook-id " + delivery.webhookId() + " was already used for a different body");
            }
            return writes.answered(delivery, new Outcome(HttpStatus.OK, "duplicate", report.vendorSaleId()));
        }
        Outcome outcome = report instanceof VendorReport.SaleCompleted sale
                ? recordSale(delivery.vendor(), sale, known, writes)
                : recordRefund(delivery.vendor(), (VendorReport.SaleRefunded) report, known, writes);
        return writes.answered(delivery, outcome);
    }

    private Outcome recordSale(VendorId vendorId, VendorReport.SaleCompleted sale, Known known, Writes writes) {
        Key key = new Key(vendorId, sale.vendorSaleId());
        StoredSale recorded = known.sales.get(key);
        if (recorded != null) {
            return repeatOrConflict(recorded.contentHash(), sale, "sale-conflict", "sale " + sale.vendorSaleId());
        }
        Currency currency = currency(sale.currency());
        if (!CustomerRef.isWellFormed(sale.customerRef())) {
            throw new RuleViolation("unknown-customer-ref", "customerRef " + sale.customerRef()
                    + " is not one of this vendor's customers");
        }
        List<SaleLine> lines = sale.lines().stream()
                .map(line -> new SaleLine(line.description(), line.quantity(), Money.of(line.amount(), currency)))
                .toList();
        commands.sendAndWait(new ReportSale(new SaleId(vendorId, sale.vendorSaleId()),
                new CustomerRef(sale.customerRef()), Money.of(sale.amount(), currency),
                sale.margin() == null ? null : Money.of(sale.margin(), currency), sale.completedAt(), lines,
                clock.instant()));
        known.sales.put(key, new StoredSale(sale.contentHash(), currency.getCurrencyCode()));
        writes.saleRows.add(new Object[]{vendorId.value(), sale.vendorSaleId(), currency.getCurrencyCode(),
                sale.contentHash(), writes.now, sale.customerRef()});
        return new Outcome(HttpStatus.ACCEPTED, "recorded", sale.vendorSaleId());
    }

    private Outcome recordRefund(VendorId vendorId, VendorReport.SaleRefunded refund, Known known, Writes writes) {
        Key key = new Key(vendorId, refund.refundId());
        String recordedHash = known.refunds.get(key);
        if (recordedHash != null) {
            return repeatOrConflict(recordedHash, refund, "refund-conflict", "refund " + refund.refundId());
        }
        Key saleKey = new Key(vendorId, refund.vendorSaleId());
        StoredSale sale = known.sales.get(saleKey);
        if (sale == null) {
            throw new RuleViolation("unknown-sale", "no sale " + refund.vendorSaleId() + " was reported");
        }
        commands.sendAndWait(new RefundSale(new SaleId(vendorId, refund.vendorSaleId()),
                new RefundId(refund.refundId()), refund.amountIn(Currency.getInstance(sale.currency())),
                refund.refundedAt(), clock.instant()));
        known.refunds.put(key, refund.contentHash());
        writes.refundRows.add(new Object[]{vendorId.value(), refund.refundId(), refund.vendorSaleId(),
                refund.contentHash(), writes.now});
        return new Outcome(HttpStatus.ACCEPTED, "recorded", refund.vendorSaleId());
    }

    /** The same sale or refund reported again: a repeat if its content is identical, a conflict otherwise. */
    private static Outcome repeatOrConflict(String recordedHash, VendorReport report, String conflictCode,
                                            String what) {
        // The customer erased their account: what the sale held can no longer be compared, and it is recorded.
        if (recordedHash.equals(report.contentHash()) || recordedHash.equals(CustomerErasure.ERASED_CONTENT_HASH)) {
            return new Outcome(HttpStatus.OK, "duplicate", report.vendorSaleId());
        }
        throw new IntakeRejection(HttpStatus.CONFLICT, conflictCode, what + " was already reported with different content");
    }

    static String eventType(VendorReport report) {
        return report instanceof VendorReport.SaleCompleted ? VendorDeliveryLog.SALE_COMPLETED
                : VendorDeliveryLog.SALE_REFUNDED;
    }

    private static Currency currency(String code) {
        try {
            Currency currency = Currency.getInstance(code);
            if (currency.getDefaultFractionDigits() >= 0) {
                return currency;
            }
        } catch (IllegalArgumentException e) {
            // not an ISO 4217 code: refused below like any currency outside the agreement
        }
        throw new RuleViolation("unsupported-currency", "'" + code + "' is not an ISO 4217 currency with minor units");
    }

    /** A vendor's webhook id, sale id or refund id. */
    private record Key(VendorId vendor, String id) {
    }

    private record StoredSale(String contentHash, String currency) {
    }

    /**
     * The group's webhook ids, sales and refunds as far as they are recorded: first what the store holds (a query per
     * kind and vendor), then what the group itself records, as it goes.
     */
    private record Known(Map<Key, String> deliveries, Map<Key, StoredSale> sales, Map<Key, String> refunds) {

        static Known of(JdbcTemplate jdbc, List<Delivery> group) {
            Known stored = new Known(new HashMap<>(), new HashMap<>(), new HashMap<>());
            Map<VendorId, List<Delivery>> byVendor = new HashMap<>();
            group.forEach(delivery -> byVendor.computeIfAbsent(delivery.vendor(), v -> new ArrayList<>()).add(delivery));
            byVendor.forEach((vendor, deliveries) -> {
                List<String> webhookIds = deliveries.stream().map(Delivery::webhookId).distinct().toList();
                query(jdbc, "select webhook_id, content_hash from webhook_delivery where vendor_id = ? and webhook_id",
                        vendor, webhookIds, (id, rs) -> stored.deliveries.put(new Key(vendor, id), rs.getString(2)));
                List<String> saleIds = deliveries.stream().map(delivery -> delivery.report().vendorSaleId())
                        .distinct().toList();
                query(jdbc, "select vendor_sale_id, content_hash, currency from sale_intake where vendor_id = ?"
                        + " and vendor_sale_id", vendor, saleIds, (id, rs) -> stored.sales.put(new Key(vendor, id),
                        new StoredSale(rs.getString(2), rs.getString(3))));
                List<String> refundIds = deliveries.stream().map(Delivery::report)
                        .filter(VendorReport.SaleRefunded.class::isInstance)
                        .map(report -> ((VendorReport.SaleRefunded) report).refundId()).distinct().toList();
                query(jdbc, "select refund_id, content_hash from refund_intake where vendor_id = ? and refund_id",
                        vendor, refundIds, (id, rs) -> stored.refunds.put(new Key(vendor, id), rs.getString(2)));
            });
            return stored;
        }

        private interface Row {
            void read(String id, ResultSet rs) throws SQLException;
        }

        private static void query(JdbcTemplate jdbc, String select, VendorId vendor, List<String> ids, Row row) {
            if (ids.isEmpty()) {
                return;
            }
            List<Object> arguments = new ArrayList<>(ids.size() + 1);
            arguments.add(vendor.value());
            arguments.addAll(ids);
            jdbc.query(select + " in (" + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")",
                    (ResultSet rs) -> row.read(rs.getString(1), rs), arguments.toArray());
        }
    }

    /** The rows the group writes once its commands ran. */
    private static final class Writes {

        final long now;
        final Known known;
        final List<Object[]> saleRows = new ArrayList<>();
        final List<Object[]> refundRows = new ArrayList<>();
        final List<Object[]> deliveryRows = new ArrayList<>();
        final List<VendorDeliveryLog.Accepted> logged = new ArrayList<>();

        Writes(long now, Known known) {
            this.now = now;
            this.known = known;
        }

        /** Only a recorded delivery keeps its webhook id; every answered one has its line in the delivery log. */
        Outcome answered(Delivery delivery, Outcome outcome) {
            boolean recorded = outcome.status() == HttpStatus.ACCEPTED;
            if (recorded) {
                known.deliveries.put(new Key(delivery.vendor(), delivery.webhookId()), delivery.bodyHash());
                deliveryRows.add(new Object[]{delivery.vendor().value(), delivery.webhookId(), delivery.bodyHash(),
                        now});
            }
            logged.add(new VendorDeliveryLog.Accepted(delivery.vendor(), delivery.webhookId(),
                    eventType(delivery.report()), recorded ? VendorDeliveryLog.Outcome.RECORDED
                    : VendorDeliveryLog.Outcome.DUPLICATE, outcome.status().value()));
            return outcome;
        }

        void insert(JdbcTemplate jdbc, VendorDeliveryLog log) {
            if (!saleRows.isEmpty()) {
                jdbc.batchUpdate("""
                        insert into sale_intake
                        (vendor_id, vendor_sale_id, currency, content_hash, received_at_us, customer_ref)
                        values (?, ?, ?, ?, ?, ?)
                        """, saleRows);
            }
            if (!refundRows.isEmpty()) {
                jdbc.batchUpdate("""
                        insert into refund_intake (vendor_id, refund_id, vendor_sale_id, content_hash, received_at_us)
                        values (?, ?, ?, ?, ?)
                        """, refundRows);
            }
            if (!deliveryRows.isEmpty()) {
                jdbc.batchUpdate("insert into webhook_delivery (vendor_id, webhook_id, content_hash, received_at_us)"
                        + " values (?, ?, ?, ?)", deliveryRows);
            }
            log.logAllInTransaction(logged);
        }
    }
}
