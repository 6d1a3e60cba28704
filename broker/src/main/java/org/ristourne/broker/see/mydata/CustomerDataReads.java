package org.ristourne.broker.see.mydata;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.Agreement;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.SaleLine;
import org.ristourne.broker.api.customer.CustomerRegistered;
import org.ristourne.broker.api.customer.SubscriptionEnded;
import org.ristourne.broker.api.customer.SubscriptionPeriodRecorded;
import org.ristourne.broker.api.relationship.OffersConsulted;
import org.ristourne.broker.api.relationship.RelationshipEnded;
import org.ristourne.broker.api.relationship.RelationshipOpened;
import org.ristourne.broker.api.sale.SaleRefunded;
import org.ristourne.broker.api.sale.SaleReported;
import org.ristourne.broker.api.see.GetCustomerStatement;
import org.ristourne.broker.api.see.StatementLine;
import org.ristourne.broker.privacy.PersonalData;
import org.ristourne.broker.subscribe.account.CustomerAccount;
import org.ristourne.broker.subscribe.account.CustomerAccounts;
import org.ristourne.broker.support.EpochMicros;
import org.ristourne.ledger.money.Money;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Gathers one customer's data from where each part lives: personal data from {@code customer_account}, choices and
 * purchases from the customer's own event streams (the customer, each relationship, each sale: the lines of a sale
 * exist only there), money from the ledger's read models and billing's tables. Reads only; the customer is always
 * the signed-in one, so no id from a request reaches these queries.
 */
@Component
class CustomerDataReads {

    private final CustomerAccounts accounts;
    private final JdbcTemplate jdbc;
    private final EventStore events;
    private final QueryGateway queries;
    private final Clock clock;
    private final PersonalData personalData;

    CustomerDataReads(CustomerAccounts accounts, JdbcTemplate jdbc, EventStore events, QueryGateway queries,
                      Clock clock, PersonalData personalData) {
        this.personalData = personalData;
        this.accounts = accounts;
        this.jdbc = jdbc;
        this.events = events;
        this.queries = queries;
        this.clock = clock;
    }

    CustomerData of(CustomerId customer) {
        CustomerAccount account = accounts.byCustomer(customer)
                .orElseThrow(() -> new NoSuchElementException("no account for customer " + customer));
        Long createdAt = jdbc.queryForObject("select created_at_us from customer_account where customer_id = ?",
                Long.class, customer.value());
        List<CustomerData.ConsentEvent> consent = new ArrayList<>();
        Instant registeredAt = null;
        for (DomainEventMessage<?> message : stream(customer.value())) {
            Object payload = message.getPayload();
            if (payload instanceof CustomerRegistered registered) {
                registeredAt = registered.registeredAt();
                consent.add(new CustomerData.ConsentEvent(iso(registered.registeredAt()), "registered", Map.of()));
            } else if (payload instanceof SubscriptionPeriodRecorded period) {
                consent.add(new CustomerData.ConsentEvent(iso(message.getTimestamp()), "subscription-period-paid",
                        Map.of("activeFrom", iso(period.activeFrom()), "activeUntil", iso(period.activeUntil()))));
            } else if (payload instanceof SubscriptionEnded ended) {
                consent.add(new CustomerData.ConsentEvent(iso(ended.endedAt()), "subscription-ended", Map.of()));
            }
        }
        List<CustomerData.Relationship> relationships = relationships(customer, consent);
        List<CustomerData.Sale> sales = sales(customer);
        consent.sort(Comparator.comparing(event -> Instant.parse(event.at())));
        return new CustomerData(CustomerData.FORMAT, iso(clock.instant()),
                new CustomerData.Profile(customer.value(), account.email(), account.displayName(),
                        iso(EpochMicros.toInstant(createdAt == null ? 0 : createdAt)),
                        registeredAt == null ? null : iso(registeredAt)),
                subscription(customer), relationships, sales, payouts(customer), credits(customer), consent);
    }

    private CustomerData.Subscription subscription(CustomerId customer) {
        List<String> stripeCustomer = jdbc.queryForList(
                "select stripe_customer_id from billing_customer where customer_id = ?", String.class,
                customer.value());
        Map<String, CustomerData.Amount> paid = new HashMap<>();
        jdbc.query("select active_from_us, active_until_us, currency, amount_minor from subscription_payment"
                + " where customer_id = ?", rs -> {
                    paid.put(rs.getLong(1) + "/" + rs.getLong(2), amount(Money.of(rs.getLong(4), rs.getString(3))));
                }, customer.value());
        List<CustomerData.Period> periods = jdbc.query("select active_from_us, active_until_us from"
                + " directory_subscription_period where customer_id = ? order by active_from_us, active_until_us",
                (rs, n) -> new CustomerData.Period(iso(EpochMicros.toInstant(rs.getLong(1))),
                        iso(EpochMicros.toInstant(rs.getLong(2))), paid.get(rs.getLong(1) + "/" + rs.getLong(2))),
                customer.value());
        List<CustomerData.StripeSubscription> stripe = jdbc.query("select stripe_subscription_id, status,"
                + " current_period_start_us, current_period_end_us, cancel_at_period_end from billing_subscription"
                + " where customer_id = ? order by event_created_at_us, stripe_subscription_id",
                (rs, n) -> new CustomerData.StripeSubscription(rs.getString(1), rs.getString(2),
                        isoMicros((Long) rs.getObject(3)), isoMicros((Long) rs.getObject(4)), rs.getBoolean(5)),
                customer.value());
        return new CustomerData.Subscription(stripeCustomer.isEmpty() ? null : stripeCustomer.get(0), periods,
                stripe);
    }

    private List<CustomerData.Relationship> relationships(CustomerId customer,
                                                          List<CustomerData.ConsentEvent> consent) {
        Map<String, String> vendorNames = new HashMap<>();
        jdbc.query("select distinct v.vendor_id, v.display_name from directory_vendor v join directory_relationship r"
                + " on r.vendor_id = v.vendor_id where r.customer_id = ?", rs -> {
                    vendorNames.put(rs.getString(1), rs.getString(2));
                }, customer.value());
        List<String> ids = jdbc.queryForList("select relationship_id from directory_relationship"
                + " where customer_id = ? order by opened_at_us, relationship_id", String.class, customer.value());
        List<CustomerData.Relationship> relationships = new ArrayList<>();
        for (String id : ids) {
            RelationshipOpened opened = null;
            RelationshipEnded ended = null;
            List<String> consulted = new ArrayList<>();
            for (DomainEventMessage<?> message : stream(id)) {
                Object payload = message.getPayload();
                if (payload instanceof RelationshipOpened event) {
                    opened = event;
                } else if (payload instanceof RelationshipEnded event) {
                    ended = event;
                } else if (payload instanceof OffersConsulted event) {
                    consulted.add(iso(event.consultedAt()));
                }
            }
            if (opened == null || !opened.customerId().equals(customer)) {
                continue;
            }
            String vendor = opened.vendorId().value();
            consent.add(new CustomerData.ConsentEvent(iso(opened.openedAt()), "relationship-opened",
                    Map.of("vendorId", vendor, "relationshipId", id)));
            if (ended != null) {
                consent.add(new CustomerData.ConsentEvent(iso(ended.endedAt()), "relationship-ended",
                        Map.of("vendorId", vendor, "relationshipId", id)));
            }
            relationships.add(new CustomerData.Relationship(id, vendor, vendorNames.getOrDefault(vendor, vendor),
                    opened.customerRef().value(), iso(opened.openedAt()),
                    ended == null ? null : iso(ended.endedAt()), consulted));
        }
        return relationships;
    }

    private List<CustomerData.Sale> sales(CustomerId customer) {
        List<StatementLine> lines = queries.query(new GetCustomerStatement(customer.value()),
                ResponseTypes.multipleInstancesOf(StatementLine.class)).join();
        Map<String, StatementLine> statement = new LinkedHashMap<>();
        lines.stream().sorted(Comparator.comparing(StatementLine::completedAt).thenComparing(StatementLine::saleKey))
                .forEach(line -> statement.put(line.saleKey(), line));
        List<CustomerData.Sale> sales = new ArrayList<>();
        for (StatementLine line : statement.values()) {
            SaleReported reported = null;
            List<CustomerData.Refund> refunds = new ArrayList<>();
            for (DomainEventMessage<?> message : stream(line.saleKey())) {
                Object payload = message.getPayload();
                if (payload instanceof SaleReported event) {
                    reported = event;
                } else if (payload instanceof SaleRefunded event) {
                    refunds.add(new CustomerData.Refund(event.refundId().value(), amount(event.amount()),
                            iso(event.refundedAt())));
                }
            }
            if (reported == null || !reported.customerId().equals(customer)) {
                throw new IllegalStateException("sale " + line.saleKey() + " on the statement of " + customer
                        + " has no report of that customer in the event store");
            }
            sales.add(new CustomerData.Sale(line.saleKey(), line.vendorId(), line.vendorSaleId(),
                    reported.relationshipId().value(), iso(reported.completedAt()), iso(reported.reportedAt()),
                    amount(reported.amount()), amount(reported.margin()), reported.marginFromAgreementDefault(),
                    agreement(reported.agreement()), lines(customer, reported.lines()), refunds, statementLine(line)));
        }
        return sales;
    }

    private List<CustomerData.Payout> payouts(CustomerId customer) {
        Map<String, String> methods = new HashMap<>();
        jdbc.query("select payout_id, method from payout_method where customer_id = ?", rs -> {
            methods.put(rs.getString(1), rs.getString(2));
        }, customer.value());
        return jdbc.query("select payout_id, currency, amount_minor, state, requested_at_us, settled_at_us,"
                + " abandoned_at_us, failed_at_us, reason from payout where customer_id = ?"
                + " order by requested_at_us, payout_id", (rs, n) -> new CustomerData.Payout(rs.getString(1),
                amount(Money.of(rs.getLong(3), rs.getString(2))), rs.getString(4), methods.get(rs.getString(1)),
                iso(EpochMicros.toInstant(rs.getLong(5))), isoMicros((Long) rs.getObject(6)),
                isoMicros((Long) rs.getObject(7)), isoMicros((Long) rs.getObject(8)), rs.getString(9)),
                customer.value());
    }

    private List<CustomerData.Credit> credits(CustomerId customer) {
        return jdbc.query("select stripe_invoice_id, payout_id, sale_key, currency, amount_minor, applied_at_us"
                + " from credit_application where customer_id = ? order by applied_at_us, stripe_invoice_id, sale_key",
                (rs, n) -> new CustomerData.Credit(rs.getString(1), rs.getString(2), rs.getString(3),
                        amount(Money.of(rs.getLong(5), rs.getString(4))), iso(EpochMicros.toInstant(rs.getLong(6)))),
                customer.value());
    }

    /** From the first event, snapshots or not: the document is the whole history. */
    private List<DomainEventMessage<?>> stream(String aggregateId) {
        List<DomainEventMessage<?>> messages = new ArrayList<>();
        DomainEventStream stream = events.readEvents(aggregateId, 0);
        stream.forEachRemaining(messages::add);
        return messages;
    }

    private static CustomerData.StatementLine statementLine(StatementLine line) {
        return new CustomerData.StatementLine(line.state(), amount(line.refunded()), amount(line.rebate()),
                amount(line.paid()), iso(line.expectedConfirmation()),
                line.invoicedAt() == null ? null : iso(line.invoicedAt()), line.creditedOnInvoice(),
                line.creditedAt() == null ? null : iso(line.creditedAt()));
    }

    private static Map<String, Object> agreement(Agreement agreement) {
        Map<String, Object> terms = new LinkedHashMap<>();
        terms.put("version", agreement.version());
        terms.put("effectiveFrom", iso(agreement.effectiveFrom()));
        terms.put("shareBasisPoints", agreement.terms().shareBps().value());
        terms.put("brokerFeeBasisPoints", agreement.terms().brokerFeeBps().value());
        terms.put("returnWindowDays", agreement.terms().holdDays());
        return terms;
    }

    private List<CustomerData.Line> lines(CustomerId customer, List<SaleLine> lines) {
        return lines.stream().map(line -> new CustomerData.Line(personalData.open(customer, line.description()),
                line.quantity(), amount(line.amount()))).toList();
    }

    static CustomerData.Amount amount(Money money) {
        return new CustomerData.Amount(money.minorUnits(), money.currency().getCurrencyCode(),
                money.toDecimalString());
    }

    private static String iso(Instant instant) {
        return instant.toString();
    }

    private static @Nullable String isoMicros(@Nullable Long micros) {
        return micros == null ? null : EpochMicros.toInstant(micros).toString();
    }
}
