package org.ristourne.broker.report.vendorwebhook;

import java.time.Clock;
import java.util.Currency;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jspecify.annotations.Nullable;
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
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records a verified, well-formed report exactly once. The delivery row, the intake row and the aggregate's events
 * are written in one transaction, with the delivery log's row: the vendor gets a 2xx only once all of them are
 * stored, and a refused report leaves no business state. Idempotency lives in the database's unique keys, so
 * concurrent deliveries of the same report on any number of nodes record it once; the losers of that race see the
 * winner's row and answer as for a repeat.
 */
@Service
class VendorReportIntake {

    private static final Logger log = LoggerFactory.getLogger(VendorReportIntake.class);
    private static final int ATTEMPTS = 12;
    private static final long MAX_PAUSE_MILLIS = 100;

    record Outcome(HttpStatus status, String result, String saleId) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final CommandGateway commands;
    private final Clock clock;
    private final VendorDeliveryLog deliveries;

    VendorReportIntake(JdbcTemplate jdbc, TransactionTemplate transactions, CommandGateway commands, Clock clock,
                       VendorDeliveryLog deliveries) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.commands = commands;
        this.clock = clock;
        this.deliveries = deliveries;
    }

    /**
     * Writers that lose a race are sent round again, the whole transaction each time, after a short random pause
     * so that they do not collide again in step. Within one JVM the race is real too: Axon releases the sale's lock
     * when the command's unit of work ends, before this transaction commits, so a second report of the same sale
     * can load its stream without the first one's event and then fail on the (aggregate id, sequence) key. Each
     * round lets at least one writer of a sale through, so {@value #ATTEMPTS} attempts outlast any realistic burst;
     * past them the vendor is told to retry later, as for an unavailable store.
     */
    Outcome receive(VendorId vendorId, String webhookId, String bodyHash, VendorReport report) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.execute(status -> {
                    Outcome outcome = receiveOnce(vendorId, webhookId, bodyHash, report);
                    // Last in the transaction, once the report is known to be stored or repeated: a refusal rolls
                    // back before this and is logged by the controller instead.
                    deliveries.logInTransaction(vendorId, webhookId, eventType(report),
                            "duplicate".equals(outcome.result()) ? VendorDeliveryLog.Outcome.DUPLICATE
                                    : VendorDeliveryLog.Outcome.RECORDED, outcome.status().value());
                    return outcome;
                });
            } catch (RuntimeException e) {
                if (!WriteConflicts.isCause(e)) {
                    throw e;
                }
                if (attempt == ATTEMPTS) {
                    log.warn("Report {} of sale {} from vendor {} still lost to concurrent writers after {} attempts",
                            webhookId, report.vendorSaleId(), vendorId, ATTEMPTS, e);
                    throw new IntakeRejection(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable",
                            "other reports of sale " + report.vendorSaleId() + " kept changing it; retry later");
                }
                log.debug("Concurrent write of {} {} from vendor {} (attempt {}), trying again: {}",
                        report.getClass().getSimpleName(), report.vendorSaleId(), vendorId, attempt, e.toString());
                pause(attempt);
            }
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 1 + Math.min(MAX_PAUSE_MILLIS, 10L * attempt)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry a report", e);
        }
    }

    private Outcome receiveOnce(VendorId vendorId, String webhookId, String bodyHash, VendorReport report) {
        String deliveredHash = single("select content_hash from webhook_delivery where vendor_id = ? and webhook_id = ?",
                vendorId.value(), webhookId);
        if (deliveredHash != null) {
            if (deliveredHash.equals(bodyHash)) {
                return new Outcome(HttpStatus.OK, "duplicate", report.vendorSaleId());
            }
            throw new IntakeRejection(HttpStatus.CONFLICT, "webhook-id-reused",
                    "webhook-id " + webhookId + " was already used for a different body");
        }
        if (report instanceof VendorReport.SaleCompleted sale) {
            return recordSale(vendorId, webhookId, bodyHash, sale);
        }
        return recordRefund(vendorId, webhookId, bodyHash, (VendorReport.SaleRefunded) report);
    }

    private Outcome recordSale(VendorId vendorId, String webhookId, String bodyHash, VendorReport.SaleCompleted sale) {
        SaleId saleId = new SaleId(vendorId, sale.vendorSaleId());
        String recordedHash = single("select content_hash from sale_intake where vendor_id = ? and vendor_sale_id = ?",
                vendorId.value(), sale.vendorSaleId());
        if (recordedHash != null) {
            return repeatOrConflict(recordedHash, sale, "sale-conflict", "sale " + sale.vendorSaleId());
        }
        Currency currency = currency(sale.currency());
        if (!CustomerRef.isWellFormed(sale.customerRef())) {
            throw new RuleViolation("unknown-customer-ref", "customerRef " + sale.customerRef()
                    + " is not one of this vendor's customers");
        }
        List<SaleLine> lines = sale.lines().stream()
                .map(line -> new SaleLine(line.description(), line.quantity(), Money.of(line.amount(), currency)))
                .toList();
        long now = EpochMicros.of(clock.instant());
        jdbc.update("""
                insert into sale_intake
                (vendor_id, vendor_sale_id, currency, content_hash, received_at_us, customer_ref)
                values (?, ?, ?, ?, ?, ?)
                """, vendorId.value(), sale.vendorSaleId(), currency.getCurrencyCode(), sale.contentHash(), now,
                sale.customerRef());
        recordDelivery(vendorId, webhookId, bodyHash, now);
        commands.sendAndWait(new ReportSale(saleId, new CustomerRef(sale.customerRef()),
                Money.of(sale.amount(), currency), sale.margin() == null ? null : Money.of(sale.margin(), currency),
                sale.completedAt(), lines, clock.instant()));
        return new Outcome(HttpStatus.ACCEPTED, "recorded", sale.vendorSaleId());
    }

    private Outcome recordRefund(VendorId vendorId, String webhookId, String bodyHash,
                                 VendorReport.SaleRefunded refund) {
        SaleId saleId = new SaleId(vendorId, refund.vendorSaleId());
        RefundId refundId = new RefundId(refund.refundId());
        String recordedHash = single("select content_hash from refund_intake where vendor_id = ? and refund_id = ?",
                vendorId.value(), refund.refundId());
        if (recordedHash != null) {
            return repeatOrConflict(recordedHash, refund, "refund-conflict", "refund " + refund.refundId());
        }
        String currency = single("select currency from sale_intake where vendor_id = ? and vendor_sale_id = ?",
                vendorId.value(), refund.vendorSaleId());
        if (currency == null) {
            throw new RuleViolation("unknown-sale", "no sale " + refund.vendorSaleId() + " was reported");
        }
        long now = EpochMicros.of(clock.instant());
        jdbc.update("""
                insert into refund_intake (vendor_id, refund_id, vendor_sale_id, content_hash, received_at_us)
                values (?, ?, ?, ?, ?)
                """, vendorId.value(), refund.refundId(), refund.vendorSaleId(), refund.contentHash(), now);
        recordDelivery(vendorId, webhookId, bodyHash, now);
        commands.sendAndWait(new RefundSale(saleId, refundId, refund.amountIn(Currency.getInstance(currency)),
                refund.refundedAt(), clock.instant()));
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

    private void recordDelivery(VendorId vendorId, String webhookId, String bodyHash, long now) {
        jdbc.update("insert into webhook_delivery (vendor_id, webhook_id, content_hash, received_at_us) values (?, ?, ?, ?)",
                vendorId.value(), webhookId, bodyHash, now);
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

    private @Nullable String single(String sql, Object... arguments) {
        List<String> values = jdbc.queryForList(sql, String.class, arguments);
        return values.isEmpty() ? null : values.get(0);
    }

}
