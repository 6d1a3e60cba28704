package org.ristourne.broker.subscribe.customer;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.RuleViolation;
import org.ristourne.broker.api.customer.CustomerDataErased;
import org.ristourne.broker.api.customer.CustomerRegistered;
import org.ristourne.broker.api.customer.EraseCustomerData;
import org.ristourne.broker.api.customer.EndSubscription;
import org.ristourne.broker.api.customer.RecordSubscriptionCredit;
import org.ristourne.broker.api.customer.RecordSubscriptionPeriod;
import org.ristourne.broker.api.customer.RegisterCustomer;
import org.ristourne.broker.api.customer.SubscriptionCreditApplied;
import org.ristourne.broker.api.customer.SubscriptionEnded;
import org.ristourne.broker.api.customer.SubscriptionPeriodRecorded;

/**
 * A customer and the periods their subscription was paid for, as billing reports them. Only the periods matter to
 * the broker: a sale earns a rebate only if the customer was subscribed when it was completed.
 */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class Customer {

    @AggregateIdentifier
    private CustomerId customerId;
    private List<SubscriptionPeriod> periods = new ArrayList<>();
    /** Stripe invoices whose use of the customer's credit is recorded: each once. */
    private Set<String> creditedInvoices = new HashSet<>();
    private @Nullable Instant erasedAt;

    protected Customer() {
    }

    @CommandHandler
    public Customer(RegisterCustomer command) {
        apply(new CustomerRegistered(command.customerId(), command.at()));
    }

    @CommandHandler
    void handle(RecordSubscriptionPeriod command) {
        if (!command.activeFrom().isBefore(command.activeUntil())) {
            throw new RuleViolation("invalid-subscription-period", "a subscription period must end after it starts: "
                    + command.activeFrom() + " .. " + command.activeUntil());
        }
        if (command.amountPaid() != null && command.amountPaid().isNegative()) {
            throw new RuleViolation("invalid-subscription-period", "a subscription cannot cost less than nothing");
        }
        SubscriptionPeriod period = new SubscriptionPeriod(command.activeFrom(), command.activeUntil());
        if (periods.contains(period)) {
            return;
        }
        apply(new SubscriptionPeriodRecorded(customerId, command.activeFrom(), command.activeUntil(),
                command.amountPaid()));
    }

    @CommandHandler
    void handle(EndSubscription command) {
        if (!isSubscribedAt(command.at()) && periods.stream().noneMatch(p -> p.activeFrom().isAfter(command.at()))) {
            throw new RuleViolation("not-subscribed", "customer " + customerId + " has no subscription to end at "
                    + command.at());
        }
        apply(new SubscriptionEnded(customerId, command.at()));
    }

    @CommandHandler
    void handle(RecordSubscriptionCredit command) {
        if (!command.amount().isPositive()) {
            throw new RuleViolation("invalid-subscription-credit", "credit taken off invoice "
                    + command.stripeInvoiceId() + " must be positive, got " + command.amount());
        }
        if (creditedInvoices.contains(command.stripeInvoiceId())) {
            return;
        }
        apply(new SubscriptionCreditApplied(customerId, command.stripeInvoiceId(), command.amount(),
                command.appliedAt()));
    }

    /** Once: erasing again (a second click, another node) changes nothing. */
    @CommandHandler
    void handle(EraseCustomerData command) {
        if (erasedAt == null) {
            apply(new CustomerDataErased(customerId, command.at()));
        }
    }

    public boolean isSubscribedAt(Instant instant) {
        return periods.stream().anyMatch(period -> period.contains(instant));
    }

    @EventSourcingHandler
    void on(CustomerRegistered event) {
        customerId = event.customerId();
    }

    @EventSourcingHandler
    void on(SubscriptionPeriodRecorded event) {
        periods.add(new SubscriptionPeriod(event.activeFrom(), event.activeUntil()));
    }

    @EventSourcingHandler
    void on(SubscriptionCreditApplied event) {
        creditedInvoices.add(event.stripeInvoiceId());
    }

    @EventSourcingHandler
    void on(CustomerDataErased event) {
        erasedAt = event.erasedAt();
    }

    @EventSourcingHandler
    void on(SubscriptionEnded event) {
        periods = SubscriptionPeriod.endAt(periods, event.endedAt());
    }
}
