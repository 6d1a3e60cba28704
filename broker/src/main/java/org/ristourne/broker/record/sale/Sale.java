package org.ristourne.broker.record.sale;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.ristourne.broker.api.Agreement;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.RuleViolation;
import org.ristourne.broker.api.SaleId;
import org.ristourne.broker.api.SaleLine;
import org.ristourne.broker.api.sale.RefundSale;
import org.ristourne.broker.api.sale.ReportSale;
import org.ristourne.broker.api.sale.SaleConfirmed;
import org.ristourne.broker.api.sale.SaleRefunded;
import org.ristourne.broker.api.sale.SaleReported;
import org.ristourne.broker.directory.BrokerDirectory;
import org.ristourne.broker.directory.RelationshipEntry;
import org.ristourne.broker.directory.VendorStatus;
import org.ristourne.broker.privacy.PersonalData;
import org.ristourne.ledger.money.Money;

/**
 * One reported sale: pending during the vendor's return window, then confirmed by a deadline, refunded partially or
 * wholly at any time, never beyond its amount. The agreement version in force at completion is frozen into it, so a
 * later change of terms never touches it.
 */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class Sale {

    static final String HOLD_ENDED = "sale-hold-ended";
    /** How far a vendor's clock may run ahead of ours before a completion time is implausible. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /**
     * The identifier as text: Axon keeps it in the persisted deadline's scope, and a record there would come back
     * from JSON as a map that names no aggregate.
     */
    @AggregateIdentifier
    private String id;
    private SaleId saleId;
    private CustomerId customerId;
    private Money amount;
    private Money refundedTotal;
    private Instant completedAt;
    private Instant confirmableAt;
    private boolean confirmed;
    private Map<String, Money> refunds = new HashMap<>();

    protected Sale() {
    }

    @CommandHandler
    public Sale(ReportSale command, BrokerDirectory directory, DeadlineManager deadlineManager,
                PersonalData personalData) {
        VendorStatus vendor = directory.vendor(command.saleId().vendorId()).orElseThrow(
                () -> new RuleViolation("unknown-vendor", "no vendor " + command.saleId().vendorId()));
        if (vendor.suspended()) {
            throw new RuleViolation("vendor-suspended", "vendor " + vendor.vendorId() + " is suspended");
        }
        RelationshipEntry relationship = directory.relationship(command.customerRef())
                .filter(entry -> entry.vendorId().equals(vendor.vendorId()))
                .orElseThrow(() -> new RuleViolation("unknown-customer-ref",
                        "customerRef " + command.customerRef() + " is not one of this vendor's customers"));
        if (!relationship.open()) {
            throw new RuleViolation("closed-customer-ref",
                    "the customer ended this relationship; customerRef " + command.customerRef() + " is closed");
        }
        if (command.completedAt().isAfter(command.reportedAt().plus(CLOCK_SKEW))) {
            throw new RuleViolation("completed-in-future", "completedAt " + command.completedAt() + " is in the future");
        }
        if (!directory.isSubscribedAt(relationship.customerId(), command.completedAt())) {
            throw new RuleViolation("customer-not-subscribed", "the customer was not subscribed when the sale was "
                    + "completed (" + command.completedAt() + "): there is no rebate to share");
        }
        Agreement agreement = vendor.agreementAt(command.completedAt()).orElseThrow(() -> new RuleViolation(
                "no-agreement-in-force", "no agreement was in force at " + command.completedAt()));
        Money amount = command.amount();
        if (!amount.isPositive()) {
            throw new RuleViolation("non-positive-amount", "a sale's amount must be positive, got " + amount);
        }
        if (!agreement.terms().accepts(amount.currency())) {
            throw new RuleViolation("unsupported-currency", amount.currency().getCurrencyCode()
                    + " is not among the currencies of the agreement: " + agreement.terms().currencies());
        }
        Money margin = marginOf(command, agreement);
        if (!margin.currency().equals(amount.currency())) {
            throw new RuleViolation("currency-mismatch", "margin and amount must be in the same currency");
        }
        if (margin.isNegative()) {
            throw new RuleViolation("negative-margin", "a margin cannot be negative, got " + margin);
        }
        if (margin.compareTo(amount) > 0) {
            throw new RuleViolation("margin-above-amount", "margin " + margin + " is above the amount " + amount);
        }
        for (int i = 0; i < command.lines().size(); i++) {
            SaleLine line = command.lines().get(i);
            if (!line.amount().currency().equals(amount.currency())) {
                throw new RuleViolation("currency-mismatch", "every line must be in the sale's currency");
            }
            if (line.amount().isNegative()) {
                // by its position, not its description: refusals are logged, and a description may name the customer
                throw new RuleViolation("invalid-line", "the amount of line " + (i + 1) + " cannot be negative");
            }
        }
        Instant confirmableAt = command.completedAt().plus(Duration.ofDays(agreement.terms().holdDays()));
        apply(new SaleReported(command.saleId(), relationship.relationshipId(), relationship.customerId(), amount,
                margin, command.margin() == null, command.completedAt(), agreement, confirmableAt,
                sealed(command.lines(), relationship.customerId(), personalData), command.reportedAt()));
        deadlineManager.schedule(confirmableAt, HOLD_ENDED);
    }

    /** Line descriptions may describe the customer: the event holds them sealed under the customer's own key. */
    private static List<SaleLine> sealed(List<SaleLine> lines, CustomerId customer, PersonalData personalData) {
        return lines.stream().map(line -> new SaleLine(personalData.seal(customer, line.description()),
                line.quantity(), line.amount())).toList();
    }

    private static Money marginOf(ReportSale command, Agreement agreement) {
        if (command.margin() != null) {
            return command.margin();
        }
        if (agreement.terms().defaultMarginBps() == null) {
            throw new RuleViolation("margin-required",
                    "the report has no margin and the vendor's agreement sets no default margin");
        }
        return Money.of(agreement.terms().defaultMarginBps().floorOf(command.amount().minorUnits()),
                command.amount().currency());
    }

    @CommandHandler
    void handle(RefundSale command) {
        Money previous = refunds.get(command.refundId().value());
        if (previous != null) {
            if (previous.equals(command.amount())) {
                return;
            }
            throw new RuleViolation("refund-conflict", "refund " + command.refundId() + " was already recorded as "
                    + previous + ", not " + command.amount());
        }
        if (!command.amount().currency().equals(amount.currency())) {
            throw new RuleViolation("currency-mismatch", "a refund must be in the sale's currency, "
                    + amount.currency().getCurrencyCode());
        }
        if (!command.amount().isPositive()) {
            throw new RuleViolation("non-positive-amount", "a refund's amount must be positive, got "
                    + command.amount());
        }
        Money remaining = amount.minus(refundedTotal);
        if (command.amount().compareTo(remaining) > 0) {
            throw new RuleViolation("refund-exceeds-remaining",
                    "refund of " + command.amount() + " is more than the " + remaining + " left of the sale");
        }
        if (command.refundedAt().isBefore(completedAt)) {
            throw new RuleViolation("refund-before-sale", "a refund cannot precede the sale's completion");
        }
        if (command.refundedAt().isAfter(command.reportedAt().plus(CLOCK_SKEW))) {
            throw new RuleViolation("refunded-in-future", "refundedAt " + command.refundedAt() + " is in the future");
        }
        apply(new SaleRefunded(saleId, customerId, command.refundId(), command.amount(), refundedTotal,
                refundedTotal.plus(command.amount()), command.refundedAt()));
    }

    /** The return window is over: whatever was not refunded by then is confirmed. */
    @DeadlineHandler(deadlineName = HOLD_ENDED)
    void onHoldEnded() {
        if (confirmed || refundedTotal.equals(amount)) {
            return;
        }
        apply(new SaleConfirmed(saleId, customerId, confirmableAt));
    }

    @EventSourcingHandler
    void on(SaleReported event) {
        id = event.saleId().toString();
        saleId = event.saleId();
        customerId = event.customerId();
        amount = event.amount();
        refundedTotal = Money.zero(event.amount().currency());
        completedAt = event.completedAt();
        confirmableAt = event.confirmableAt();
    }

    @EventSourcingHandler
    void on(SaleConfirmed event) {
        confirmed = true;
    }

    @EventSourcingHandler
    void on(SaleRefunded event) {
        refundedTotal = event.refundedTotal();
        refunds.put(event.refundId().value(), event.amount());
    }
}
