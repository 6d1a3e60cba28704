package org.ristourne.broker.subscribe.stripewebhook;

import java.time.Clock;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.jspecify.annotations.Nullable;
import org.ristourne.billing.api.StripeEventReceived;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.RuleViolation;
import org.ristourne.broker.api.customer.EndSubscription;
import org.ristourne.broker.api.customer.RecordSubscriptionCredit;
import org.ristourne.broker.api.customer.RecordSubscriptionPeriod;
import org.ristourne.broker.directory.BrokerDirectory;
import org.ristourne.broker.payback.BillingCustomer;
import org.ristourne.broker.payback.BillingCustomerRecords;
import org.ristourne.broker.subscribe.stripewebhook.StripeObjects.CheckoutCompleted;
import org.ristourne.broker.subscribe.stripewebhook.StripeObjects.InvoicePaid;
import org.ristourne.broker.subscribe.stripewebhook.StripeObjects.SubscriptionChanged;
import org.ristourne.broker.subscribe.stripewebhook.StripeObjects.SubscriptionDeleted;
import org.ristourne.broker.support.EpochMicros;
import org.ristourne.broker.support.WriteConflicts;
import org.ristourne.ledger.money.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Acts on each verified Stripe event once. The {@code stripe_event} row, the {@code billing_customer} row and the
 * customer's events are written in one transaction, so Stripe gets its 200 only once all are stored, and a redelivery
 * finds the row and changes nothing. An event that cannot be acted on (an object we do not know, a customer's
 * aggregate refusing the command) is stored with an outcome that says why, logged, and answered 200 as well: Stripe
 * retrying it would change nothing. Only a failure to store (the database away, races lost too often) is left to
 * Stripe's retries.
 */
@Service
class StripeEventIntake {

    private static final Logger log = LoggerFactory.getLogger(StripeEventIntake.class);
    private static final int ATTEMPTS = 8;
    private static final int MAX_DETAIL = 1000;

    static final String WAITING_FOR_CHECKOUT = "awaiting-checkout";

    /** What the event did here: the stored outcome, and whether it was a redelivery. */
    record Outcome(String outcome, boolean duplicate) {
    }

    /** An event's effect, decided before its row is written. */
    private record Handled(String outcome, @Nullable String detail, @Nullable String stripeCustomerId,
                           @Nullable String customerId, boolean keepRawObject) {

        static Handled of(String outcome, @Nullable String detail) {
            return new Handled(outcome, detail, null, null, false);
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final CommandGateway commands;
    private final BrokerDirectory directory;
    private final BillingCustomerRecords billingCustomers;
    private final Clock clock;
    private final VendorInvoicePayments vendorInvoices;

    StripeEventIntake(JdbcTemplate jdbc, TransactionTemplate transactions, CommandGateway commands,
                      BrokerDirectory directory, BillingCustomerRecords billingCustomers, Clock clock,
                      VendorInvoicePayments vendorInvoices) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.commands = commands;
        this.directory = directory;
        this.billingCustomers = billingCustomers;
        this.clock = clock;
        this.vendorInvoices = vendorInvoices;
    }

    /**
     * Concurrent deliveries of the same event (Stripe may send it again while the first is still running) race on
     * the event id's primary key; the loser runs the whole transaction again and finds the winner's row.
     */
    Outcome receive(StripeEventReceived event) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.execute(status -> receiveOnce(event));
            } catch (RuleViolation | AggregateNotFoundException refused) {
                // The customer's aggregate refused: its transaction is rolled back, the event is kept with the reason.
                String code = refused instanceof RuleViolation violation ? violation.code() : "unknown-customer";
                log.warn("Stripe event {} ({}) for {} refused by the customer: {} ({})", event.eventId(), event.type(),
                        event.objectId(), code, refused.getMessage());
                return transactions.execute(status -> storeOnly(event, Handled.of("refused-" + code,
                        refused.getMessage())));
            } catch (RuntimeException e) {
                if (!WriteConflicts.isCause(e) || attempt == ATTEMPTS) {
                    throw e;
                }
                log.debug("Stripe event {} lost a race (attempt {}), trying again: {}", event.eventId(), attempt,
                        e.toString());
                pause(attempt);
            }
        }
    }

    private Outcome receiveOnce(StripeEventReceived event) {
        Outcome known = stored(event.eventId());
        if (known != null) {
            return known;
        }
        Handled handled = switch (event.type()) {
            case "checkout.session.completed" -> checkoutCompleted(event);
            case "invoice.paid" -> vendorInvoicePaidOr(event);
            case "customer.subscription.created", "customer.subscription.updated" -> subscriptionChanged(event);
            case "customer.subscription.deleted" -> subscriptionDeleted(event);
            case "invoice.payment_failed" -> paymentFailed(event);
            default -> Handled.of("ignored", "not an event type the broker acts on");
        };
        insert(event, handled);
        return new Outcome(handled.outcome(), false);
    }

    // --- vendor invoicing (docs/vendor-invoicing.md): an invoice.paid whose metadata names a Ristourne vendor invoice
    private Handled vendorInvoicePaidOr(StripeEventReceived event) {
        VendorInvoicePayments.Result vendor = vendorInvoices.paid(event);
        return vendor == null ? invoicePaid(event.eventId(), StripeObjects.invoice(event.rawObjectJson()), false)
                : new Handled(vendor.outcome(), vendor.detail(), vendor.stripeCustomerId(), null, false);
    }
    // --- end vendor invoicing

    private Outcome storeOnly(StripeEventReceived event, Handled handled) {
        Outcome known = stored(event.eventId());
        if (known != null) {
            return known;
        }
        insert(event, handled);
        return new Outcome(handled.outcome(), false);
    }

    private Handled checkoutCompleted(StripeEventReceived event) {
        CheckoutCompleted session = StripeObjects.checkout(event.rawObjectJson());
        if (!"subscription".equals(session.mode())) {
            return Handled.of("ignored", "a checkout in mode " + session.mode() + ", not a subscription");
        }
        CustomerId customer = ourCustomer(session.customerReference());
        if (customer == null || session.stripeCustomerId() == null || session.currency() == null) {
            String detail = "checkout " + session.sessionId() + " names customer '" + session.customerReference()
                    + "' (client_reference_id or metadata.customer_id), Stripe customer " + session.stripeCustomerId()
                    + ", currency " + session.currency() + ": not a customer of ours with all three";
            log.warn("Stripe event {} kept, not acted on: {}", event.eventId(), detail);
            // the reference is in the detail: it is not one of our ids and may not fit the customer_id column
            return new Handled("unknown-object", detail, session.stripeCustomerId(), null, false);
        }
        BillingCustomer billing = new BillingCustomer(customer.value(), session.stripeCustomerId(),
                Currency.getInstance(session.currency()));
        BillingCustomerRecords.Recorded recorded = billingCustomers.record(billing);
        if (recorded == BillingCustomerRecords.Recorded.CONFLICT) {
            String detail = "customer " + customer + " is already known to Stripe as another customer or in another"
                    + " currency; checkout " + session.sessionId() + " says " + billing.stripeCustomerId() + " in "
                    + billing.currency() + ": left as it was, for the operator to decide";
            log.warn("Stripe event {}: {}", event.eventId(), detail);
            return new Handled("billing-customer-conflict", detail, session.stripeCustomerId(), customer.value(),
                    false);
        }
        log.info("Customer {} is Stripe customer {} in {} (checkout {}): their rebates can be paid out", customer,
                billing.stripeCustomerId(), billing.currency(), session.sessionId());
        applyWaitingInvoices(billing);
        return new Handled(recorded == BillingCustomerRecords.Recorded.RECORDED ? "recorded" : "already-known", null,
                billing.stripeCustomerId(), customer.value(), false);
    }

    /**
     * Invoices paid before the checkout that tells whose they are (Stripe does not promise the order of events) were
     * kept waiting; now that the customer is known they are applied, in the order they arrived.
     */
    private void applyWaitingInvoices(BillingCustomer billing) {
        List<Map<String, Object>> waiting = jdbc.queryForList("""
                select event_id, raw_object from stripe_event where stripe_customer_id = ? and outcome = ?
                order by received_at_us, event_id""", billing.stripeCustomerId(), WAITING_FOR_CHECKOUT);
        for (Map<String, Object> row : waiting) {
            String eventId = (String) row.get("event_id");
            Object raw = row.get("raw_object");
            String rawObject = raw instanceof java.sql.Clob clob ? clobText(clob) : String.valueOf(raw);
            Handled handled = invoicePaid(eventId, StripeObjects.invoice(rawObject), true);
            jdbc.update("""
                    update stripe_event set outcome = ?, detail = ?, customer_id = ?, raw_object = null
                    where event_id = ?""", handled.outcome(), truncate(handled.detail()), handled.customerId(),
                    eventId);
        }
    }

    private Handled invoicePaid(String eventId, InvoicePaid invoice, boolean late) {
        if (!invoice.forSubscription()) {
            return new Handled("ignored", "invoice " + invoice.invoiceId() + " is not a subscription's",
                    invoice.stripeCustomerId(), null, false);
        }
        Money amount = invoice.amount();
        if (invoice.invoiceId() == null || invoice.periodStart() == null || invoice.periodEnd() == null || !invoice.periodStart()
                .isBefore(invoice.periodEnd()) || amount == null || invoice.amountPaid() < 0) {
            String detail = "invoice " + invoice.invoiceId() + " has no usable period (" + invoice.periodStart() + " .. "
                    + invoice.periodEnd() + ") or amount paid (" + invoice.amountPaid() + " " + invoice.currency()
                    + ")";
            log.warn("Stripe event {} kept, not acted on: {}", eventId, detail);
            return new Handled("unreadable-invoice", detail, invoice.stripeCustomerId(), null, false);
        }
        var billing = invoice.stripeCustomerId() == null ? java.util.Optional.<BillingCustomer>empty()
                : billingCustomers.findByStripeCustomerId(invoice.stripeCustomerId());
        if (billing.isEmpty()) {
            String detail = "invoice " + invoice.invoiceId() + " of Stripe customer " + invoice.stripeCustomerId()
                    + ", whose checkout has not completed here (yet): applied when it does";
            log.warn("Stripe event {} kept, not acted on yet: {}", eventId, detail);
            return new Handled(WAITING_FOR_CHECKOUT, detail, invoice.stripeCustomerId(), null, true);
        }
        CustomerId customer = new CustomerId(billing.get().customerId());
        // The Customer ignores a period it already has, so an invoice applied twice (here and by the operator) is
        // recorded once.
        commands.sendAndWait(new RecordSubscriptionPeriod(customer, invoice.periodStart(), invoice.periodEnd(),
                amount));
        log.info("Customer {} paid {} for {} .. {} (Stripe invoice {}{})", customer, amount, invoice.periodStart(),
                invoice.periodEnd(), invoice.invoiceId(), late ? ", applied after its checkout completed" : "");
        recordCreditApplied(customer, invoice);
        return new Handled(late ? "recorded-late" : "recorded", null, invoice.stripeCustomerId(), customer.value(),
                false);
    }

    /**
     * The customer's credited rebates that Stripe took off this invoice, if any, so that the statement can say which
     * invoice each credit reduced. The {@code Customer} records each invoice's credit once.
     */
    private void recordCreditApplied(CustomerId customer, InvoicePaid invoice) {
        Money credit = invoice.creditApplied();
        if (credit == null) {
            return;
        }
        Instant appliedAt = invoice.paidAt() != null ? invoice.paidAt() : clock.instant();
        commands.sendAndWait(new RecordSubscriptionCredit(customer, invoice.invoiceId(), credit, appliedAt));
        log.info("Stripe took {} of customer {}'s credited rebates off invoice {}", credit, customer,
                invoice.invoiceId());
    }

    private Handled subscriptionDeleted(StripeEventReceived event) {
        SubscriptionDeleted subscription = StripeObjects.subscriptionDeleted(event.rawObjectJson());
        var billing = subscription.stripeCustomerId() == null ? java.util.Optional.<BillingCustomer>empty()
                : billingCustomers.findByStripeCustomerId(subscription.stripeCustomerId());
        if (billing.isEmpty() || subscription.endedAt() == null) {
            String detail = "subscription " + subscription.subscriptionId() + " of Stripe customer "
                    + subscription.stripeCustomerId() + " ended at " + subscription.endedAt()
                    + ": no customer of ours is that Stripe customer, or no end time";
            log.warn("Stripe event {} kept, not acted on: {}", event.eventId(), detail);
            return new Handled("unknown-object", detail, subscription.stripeCustomerId(), null, false);
        }
        CustomerId customer = new CustomerId(billing.get().customerId());
        commands.sendAndWait(new EndSubscription(customer, subscription.endedAt()));
        SubscriptionChanged ended = StripeObjects.subscriptionChanged(event.rawObjectJson());
        if (ended.subscriptionId() != null) {
            subscriptionStatus(event, customer, ended);
        }
        log.info("Customer {}'s subscription {} ended at {}", customer, subscription.subscriptionId(),
                subscription.endedAt());
        return new Handled("ended", null, subscription.stripeCustomerId(), customer.value(), false);
    }

    // ---- customer.subscription.created / updated: the subscription's status per customer (billing_subscription)

    /**
     * Keeps the subscription's status as its newest event tells it. The customer is found by their Stripe customer,
     * known once a checkout started here ({@code stripe_customer}) or completed ({@code billing_customer}): Stripe
     * sends {@code customer.subscription.created} before {@code checkout.session.completed}. Paid periods are still
     * recorded only from paid invoices.
     */
    private Handled subscriptionChanged(StripeEventReceived event) {
        SubscriptionChanged subscription = StripeObjects.subscriptionChanged(event.rawObjectJson());
        CustomerId customer = customerOfStripeCustomer(subscription.stripeCustomerId());
        if (customer == null || subscription.status() == null || subscription.subscriptionId() == null) {
            String detail = "subscription " + subscription.subscriptionId() + " (" + subscription.status()
                    + ") of Stripe customer " + subscription.stripeCustomerId()
                    + ": no customer of ours is that Stripe customer, or no status or id";
            log.warn("Stripe event {} kept, not acted on: {}", event.eventId(), detail);
            return new Handled("unknown-object", detail, subscription.stripeCustomerId(), null, false);
        }
        boolean applied = subscriptionStatus(event, customer, subscription);
        if (!applied) {
            return new Handled("stale", "subscription " + subscription.subscriptionId() + ": a newer event was"
                    + " applied already; this older one changes nothing", subscription.stripeCustomerId(),
                    customer.value(), false);
        }
        log.info("Customer {}'s subscription {} is {} until {}{}", customer, subscription.subscriptionId(),
                subscription.status(), subscription.currentPeriodEnd(),
                subscription.cancelAtPeriodEnd() ? ", cancelled at the period's end" : "");
        return new Handled("recorded", null, subscription.stripeCustomerId(), customer.value(), false);
    }

    private @Nullable CustomerId customerOfStripeCustomer(@Nullable String stripeCustomerId) {
        if (stripeCustomerId == null) {
            return null;
        }
        List<String> customers = jdbc.queryForList("""
                select customer_id from billing_customer where stripe_customer_id = ?
                union all
                select customer_id from stripe_customer where stripe_customer_id = ?""", String.class,
                stripeCustomerId, stripeCustomerId);
        return customers.isEmpty() ? null : new CustomerId(customers.get(0));
    }

    /**
     * Writes the subscription's state unless an event created later (Stripe's {@code created}) was applied already;
     * at the same second, only a cancellation overrides. Answers whether it was written.
     */
    private boolean subscriptionStatus(StripeEventReceived event, CustomerId customer,
                                       SubscriptionChanged subscription) {
        long createdUs = EpochMicros.of(event.created());
        List<Long> applied = jdbc.queryForList("""
                select event_created_at_us from billing_subscription where stripe_subscription_id = ?""", Long.class,
                subscription.subscriptionId());
        String status = subscription.status() == null ? "canceled" : subscription.status();
        Long start = subscription.currentPeriodStart() == null ? null
                : EpochMicros.of(subscription.currentPeriodStart());
        Long end = subscription.currentPeriodEnd() == null ? null : EpochMicros.of(subscription.currentPeriodEnd());
        if (applied.isEmpty()) {
            // Two first events at once race on the primary key; the loser runs again and finds this row.
            jdbc.update("""
                    insert into billing_subscription (stripe_subscription_id, customer_id, stripe_customer_id, status,
                        current_period_start_us, current_period_end_us, cancel_at_period_end, event_created_at_us,
                        event_id)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", subscription.subscriptionId(), customer.value(),
                    subscription.stripeCustomerId(), status, start, end, subscription.cancelAtPeriodEnd(), createdUs,
                    event.eventId());
            return true;
        }
        long newest = applied.get(0);
        if (createdUs < newest || createdUs == newest && !"canceled".equals(status)) {
            return false;
        }
        jdbc.update("""
                update billing_subscription set status = ?, current_period_start_us = ?, current_period_end_us = ?,
                    cancel_at_period_end = ?, event_created_at_us = ?, event_id = ?
                where stripe_subscription_id = ?""", status, start, end, subscription.cancelAtPeriodEnd(), createdUs,
                event.eventId(), subscription.subscriptionId());
        return true;
    }

    private Handled paymentFailed(StripeEventReceived event) {
        InvoicePaid invoice = StripeObjects.invoice(event.rawObjectJson());
        String customer = invoice.stripeCustomerId() == null ? null : billingCustomers
                .findByStripeCustomerId(invoice.stripeCustomerId()).map(BillingCustomer::customerId).orElse(null);
        String detail = "invoice " + invoice.invoiceId() + " of Stripe customer " + invoice.stripeCustomerId()
                + " (customer " + customer + ") not paid; Stripe retries the payment, the period is recorded only"
                + " once an invoice is paid";
        log.warn("Stripe event {}: {}", event.eventId(), detail);
        return new Handled("payment-failed", detail, invoice.stripeCustomerId(), customer, false);
    }

    private @Nullable CustomerId ourCustomer(@Nullable String reference) {
        if (reference == null) {
            return null;
        }
        try {
            CustomerId customer = new CustomerId(reference);
            return directory.isRegistered(customer) ? customer : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private @Nullable Outcome stored(String eventId) {
        List<String> outcomes = jdbc.queryForList("select outcome from stripe_event where event_id = ?", String.class,
                eventId);
        return outcomes.isEmpty() ? null : new Outcome(outcomes.get(0), true);
    }

    private void insert(StripeEventReceived event, Handled handled) {
        jdbc.update("""
                insert into stripe_event (event_id, type, object_id, stripe_customer_id, customer_id, created_at_us,
                                          received_at_us, outcome, detail, raw_object)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", event.eventId(), event.type(), event.objectId(),
                handled.stripeCustomerId(), handled.customerId(), EpochMicros.of(event.created()),
                EpochMicros.of(clock.instant()), handled.outcome(), truncate(handled.detail()),
                handled.keepRawObject() ? event.rawObjectJson() : null);
    }

    private static @Nullable String truncate(@Nullable String detail) {
        return detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL - 1) + "…";
    }

    private static String clobText(java.sql.Clob clob) {
        try {
            return clob.getSubString(1, (int) clob.length());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read a kept Stripe object", e);
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 1 + Math.min(100, 10L * attempt)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry a Stripe event", e);
        }
    }
}
