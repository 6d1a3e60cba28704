package org.ristourne.broker.see.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.ristourne.billing.api.PayoutFailed;
import org.ristourne.billing.api.PayoutSettled;
import org.ristourne.billing.api.SaleSharesFunded;
import org.ristourne.broker.api.AgreementTerms;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.CustomerRef;
import org.ristourne.broker.api.RefundId;
import org.ristourne.broker.api.RelationshipId;
import org.ristourne.broker.api.SaleId;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.customer.RecordSubscriptionPeriod;
import org.ristourne.broker.api.customer.RegisterCustomer;
import org.ristourne.broker.api.relationship.OpenRelationship;
import org.ristourne.broker.api.sale.RefundSale;
import org.ristourne.broker.api.sale.ReportSale;
import org.ristourne.broker.api.sale.SaleConfirmed;
import org.ristourne.broker.api.sale.SaleRefunded;
import org.ristourne.broker.api.sale.SaleReported;
import org.ristourne.broker.api.see.AccountBalance;
import org.ristourne.broker.api.see.GetAccountBalances;
import org.ristourne.broker.api.vendor.OnboardVendor;
import org.ristourne.broker.share.automation.WhenSaleLifecycleThenBookShares;
import org.ristourne.ledger.account.AccountType;
import org.ristourne.ledger.money.BasisPoints;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.posting.PostingId;
import org.ristourne.support.DatabaseSnapshot;
import org.ristourne.support.Processors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A thousand random sales and refunds in EUR, JPY and KWD through the broker's command path, then funding, payouts,
 * a failed payout and refunds after payout. The ledger must balance to zero per currency, every customer's balances
 * must equal a recomputation from the recorded sale events written here independently of the ledger's code, and
 * neither redelivery (booking tokens reset) nor a full replay of the read models may change a single row.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "ristourne.deadlines.polling-interval=1s")
abstract class LedgerIntegrationTest {

    private static final int SALES = 1_000;
    private static final Duration WAIT = Duration.ofMinutes(3);

    @Autowired CommandGateway commands;
    @Autowired EventGateway events;
    @Autowired QueryGateway queries;
    @Autowired EventStore eventStore;
    @Autowired EventProcessingConfiguration processing;
    @Autowired JdbcTemplate jdbc;
    @Autowired TransactionTemplate transactions;
    @Autowired LedgerReplay replay;
    @Autowired Clock clock;

    record Terms(int shareBps, int feeBps, int holdDays) {
    }

    @Test
    void randomSalesBalanceMatchAnIndependentRecomputationAndSurviveRedeliveryAndReplay() {
        Random random = new Random(20261124L);
        String run = UUID.randomUUID().toString().substring(0, 6);
        Instant now = clock.instant();
        Map<String, Terms> vendors = new TreeMap<>();
        vendors.put("quick-" + run, new Terms(2000, 2500, 0));
        vendors.put("fair-" + run, new Terms(3333, 1000, 0));
        vendors.put("slow-" + run, new Terms(1500, 5000, 30));
        Set<Currency> currencies = Set.of(Currency.getInstance("EUR"), Currency.getInstance("JPY"),
                Currency.getInstance("KWD"));
        vendors.forEach((vendor, terms) -> commands.sendAndWait(new OnboardVendor(new VendorId(vendor), vendor,
                new AgreementTerms(BasisPoints.of(terms.shareBps()), BasisPoints.of(terms.feeBps()), terms.holdDays(),
                        null, currencies), "whs-" + vendor, now.minus(Duration.ofDays(1)))));

        List<String> customers = new ArrayList<>();
        Map<String, CustomerRef> refs = new HashMap<>();
        for (int c = 0; c < 12; c++) {
            CustomerId customer = new CustomerId("cus-" + run + "-" + c);
            customers.add(customer.value());
            commands.sendAndWait(new RegisterCustomer(customer, now));
            commands.sendAndWait(new RecordSubscriptionPeriod(customer, now.minus(Duration.ofDays(30)),
                    now.plus(Duration.ofDays(30)), Money.of(499, "EUR")));
            for (String vendor : vendors.keySet()) {
                RelationshipId relationship = RelationshipId.random();
                commands.sendAndWait(new OpenRelationship(relationship, customer, new VendorId(vendor), now));
                refs.put(customer.value() + "|" + vendor, new CustomerRef(jdbc.queryForObject(
                        "select customer_ref from directory_relationship where relationship_id = ?", String.class,
                        relationship.value())));
            }
        }

        List<String> vendorIds = List.copyOf(vendors.keySet());
        List<String> codes = List.of("EUR", "JPY", "KWD");
        for (int s = 0; s < SALES; s++) {
            String vendor = vendorIds.get(random.nextInt(vendorIds.size()));
            String customer = customers.get(random.nextInt(customers.size()));
            Currency currency = Currency.getInstance(codes.get(random.nextInt(codes.size())));
            long amount = 1 + (long) random.nextInt(random.nextBoolean() ? 1_000 : 5_000_000);
            long margin = (long) (random.nextInt(10_001)) * amount / 10_000;
            SaleId sale = new SaleId(new VendorId(vendor), "ord-" + s);
            commands.sendAndWait(new ReportSale(sale, refs.get(customer + "|" + vendor), Money.of(amount, currency),
                    Money.of(margin, currency), now.minusSeconds(random.nextInt(3_600)), List.of(), now));
            long left = amount;
            int refunds = random.nextInt(10) < 4 ? 1 + random.nextInt(3) : 0;
            for (int r = 0; r < refunds && left > 0; r++) {
                long refund = random.nextInt(4) == 0 ? left : 1 + (long) (random.nextDouble() * left);
                left -= refund;
                commands.sendAndWait(new RefundSale(sale, new RefundId("rf-" + s + "-" + r),
                        Money.of(refund, currency), now));
            }
        }

        long expectedConfirmations = countSalesOfQuickVendors(run);
        long confirmedBefore = 0;
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> countEvents(SaleConfirmed.class) - confirmedBefore >= expectedConfirmations);
        Processors.awaitCaughtUp(processing, jdbc, WAIT);

        // fund every other confirmed sale, then pay three customers out and fail one payout
        List<String> confirmed = jdbc.queryForList(
                "select sale_key from customer_statement_line where state = 'CONFIRMED' order by sale_key", String.class);
        assertThat(confirmed).isNotEmpty();
        for (int i = 0; i < confirmed.size(); i += 2) {
            String saleKey = confirmed.get(i);
            transactions.executeWithoutResult(status -> events.publish(new SaleSharesFunded(saleKey, "ch_" + saleKey,
                    now.plusSeconds(60))));
        }
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        List<String> paidCustomers = new ArrayList<>();
        for (String customer : customers) {
            for (AccountBalance balance : balances(customer)) {
                if (balance.type() == AccountType.CUSTOMER_REBATE_PAYABLE && balance.balance().isPositive()
                        && paidCustomers.size() < 3) {
                    paidCustomers.add(customer);
                    transactions.executeWithoutResult(status -> events.publish(new PayoutSettled(
                            "po-" + customer + "-" + balance.balance().currency(), customer, balance.balance(),
                            now.plusSeconds(120))));
                }
            }
        }
        assertThat(paidCustomers).hasSize(3);
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        String failedCustomer = paidCustomers.get(2);
        String failedPayout = new PostingId(jdbc.queryForObject("""
                select min(posting_id) from ledger_entry where owner = ? and reason = 'REBATE_PAID'
                """, String.class, failedCustomer)).parts().get(1);
        transactions.executeWithoutResult(status -> events.publish(new PayoutFailed(failedPayout, failedCustomer,
                "card_declined", now.plusSeconds(180))));
        // a refund after payout: the customer's payable rebate goes negative, to be absorbed by later rebates
        String paidSale = jdbc.queryForObject("""
                select min(sale_key) from customer_statement_line where customer_id = ? and state = 'PAID'
                and refunded_minor < amount_minor and rebate_minor > 0
                """, String.class, paidCustomers.get(0));
        assertThat(paidSale).isNotNull();
        long remaining = jdbc.queryForObject(
                "select amount_minor - refunded_minor from customer_statement_line where sale_key = ?", Long.class, paidSale);
        String paidCurrency = jdbc.queryForObject(
                "select currency from customer_statement_line where sale_key = ?", String.class, paidSale);
        String[] key = paidSale.split("/", 2);
        commands.sendAndWait(new RefundSale(new SaleId(new VendorId(key[0]), key[1]), new RefundId("rf-after-payout"),
                Money.of(remaining, paidCurrency), now.plusSeconds(240)));
        Processors.awaitCaughtUp(processing, jdbc, WAIT);

        // the ledger balances, per currency, and nothing was parked as a failed booking
        List<Map<String, Object>> sums = jdbc.queryForList(
                "select currency, sum(amount_minor) as total from ledger_entry group by currency");
        assertThat(sums).hasSizeGreaterThanOrEqualTo(3);
        assertThat(sums).allSatisfy(row -> assertThat(((Number) row.get("total")).longValue()).isZero());
        assertThat(jdbc.queryForObject("select count(*) from dead_letter_entry", Integer.class)).isZero();

        // every customer's balances equal the recomputation from the recorded events
        Map<String, Map<String, Long>> expected = recompute();
        for (String customer : customers) {
            Map<String, Long> actual = new TreeMap<>();
            for (AccountBalance balance : balances(customer)) {
                if (balance.balance().minorUnits() != 0) {
                    actual.put(balance.type() + " " + balance.balance().currency(), balance.balance().minorUnits());
                }
            }
            assertThat(actual).as("balances of %s", customer).isEqualTo(expected.getOrDefault(customer, Map.of()));
        }
        assertThat(expected.get(paidCustomers.get(0)))
                .as("the refund after payout left a negative payable balance")
                .containsValue(expected.get(paidCustomers.get(0)).entrySet().stream()
                        .filter(e -> e.getKey().startsWith("CUSTOMER_REBATE_PAYABLE " + paidCurrency))
                        .mapToLong(Map.Entry::getValue).filter(v -> v < 0).findFirst().orElseThrow());

        Map<String, List<String>> readModels = readModels();
        long postings = countEvents(org.ristourne.broker.api.share.PostingRecorded.class);

        // redelivery: the booking policy reads every event again and must post nothing new
        StreamingEventProcessor booking = processing.eventProcessor(WhenSaleLifecycleThenBookShares.GROUP,
                StreamingEventProcessor.class).orElseThrow();
        booking.shutDown();
        booking.resetTokens();
        booking.start();
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        assertThat(countEvents(org.ristourne.broker.api.share.PostingRecorded.class)).isEqualTo(postings);
        assertThat(readModels()).isEqualTo(readModels);

        // replay: every ledger read model rebuilt from the event store, identical to the last row
        long started = System.nanoTime();
        replay.start();
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(replay::isCaughtUp);
        System.out.printf("ledger replay: %d events in %d ms%n", (Long) replay.status().get("head"),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        assertThat(readModels()).isEqualTo(readModels);
    }

    private List<AccountBalance> balances(String owner) {
        return queries.query(new GetAccountBalances(owner), ResponseTypes.multipleInstancesOf(AccountBalance.class))
                .join();
    }

    private Map<String, List<String>> readModels() {
        Map<String, List<String>> all = DatabaseSnapshot.of(jdbc.getDataSource());
        Map<String, List<String>> ledger = new TreeMap<>();
        for (String table : List.of("ledger_entry", "customer_statement_line", "payout_line", "subscription_payment")) {
            ledger.put(table, all.get(table));
        }
        return ledger;
    }

    /** Sales of the vendors without a hold that were not refunded in full: each must be confirmed. */
    private long countSalesOfQuickVendors(String run) {
        Map<String, Long> amounts = new HashMap<>();
        Map<String, Long> refunded = new HashMap<>();
        try (Stream<? extends TrackedEventMessage<?>> stream = allEvents()) {
            stream.map(TrackedEventMessage::getPayload).forEach(payload -> {
                if (payload instanceof SaleReported r && !r.saleId().vendorId().value().startsWith("slow-" + run)
                        && r.saleId().vendorId().value().endsWith(run)) {
                    amounts.put(r.saleId().toString(), r.amount().minorUnits());
                } else if (payload instanceof SaleRefunded r) {
                    refunded.put(r.saleId().toString(), r.refundedTotal().minorUnits());
                }
            });
        }
        return amounts.entrySet().stream()
                .filter(sale -> refunded.getOrDefault(sale.getKey(), 0L) < sale.getValue()).count();
    }

    private long countEvents(Class<?> type) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where payload_type = ?", Long.class,
                type.getName());
    }

    private Stream<? extends TrackedEventMessage<?>> allEvents() {
        return eventStore.openStream(null).asStream().takeWhile(message -> true)
                .limit(jdbc.queryForObject("select count(*) from domain_event_entry", Long.class));
    }

    /**
     * The customers' balances worked out from the recorded facts alone, with the rules of ARCHITECTURE.md written
     * out again in BigInteger arithmetic: standing rebate = rebate(margin) - rebate(floor(margin x refunded /
     * amount)), filed by the sale's state; payouts taken from payable, failures given back.
     */
    private Map<String, Map<String, Long>> recompute() {
        record Sale(String customer, String currency, long amount, long margin, int share, int fee) {
        }
        Map<String, Sale> sales = new HashMap<>();
        Map<String, Long> refunded = new HashMap<>();
        Set<String> confirmedSales = new java.util.HashSet<>();
        Set<String> fundedSales = new java.util.HashSet<>();
        Map<String, PayoutSettled> payouts = new HashMap<>();
        Set<String> failedPayouts = new java.util.HashSet<>();
        try (Stream<? extends TrackedEventMessage<?>> stream = allEvents()) {
            stream.map(TrackedEventMessage::getPayload).forEach(payload -> {
                if (payload instanceof SaleReported r) {
                    sales.put(r.saleId().toString(), new Sale(r.customerId().value(),
                            r.amount().currency().getCurrencyCode(), r.amount().minorUnits(), r.margin().minorUnits(),
                            r.agreement().terms().shareBps().value(), r.agreement().terms().brokerFeeBps().value()));
                } else if (payload instanceof SaleRefunded r) {
                    refunded.put(r.saleId().toString(), r.refundedTotal().minorUnits());
                } else if (payload instanceof SaleConfirmed c) {
                    confirmedSales.add(c.saleId().toString());
                } else if (payload instanceof SaleSharesFunded f) {
                    fundedSales.add(f.saleKey());
                } else if (payload instanceof PayoutSettled p) {
                    payouts.put(p.payoutId(), p);
                } else if (payload instanceof PayoutFailed f) {
                    failedPayouts.add(f.payoutId());
                }
            });
        }
        Map<String, Map<String, Long>> balances = new HashMap<>();
        sales.forEach((saleKey, sale) -> {
            long refundedMargin = floor(sale.margin(), refunded.getOrDefault(saleKey, 0L), sale.amount());
            long standing = rebate(sale.margin(), sale.share(), sale.fee())
                    - rebate(refundedMargin, sale.share(), sale.fee());
            String account = fundedSales.contains(saleKey) ? "CUSTOMER_REBATE_PAYABLE"
                    : confirmedSales.contains(saleKey) ? "CUSTOMER_REBATE_CONFIRMED" : "CUSTOMER_REBATE_PENDING";
            balances.computeIfAbsent(sale.customer(), c -> new TreeMap<>())
                    .merge(account + " " + sale.currency(), standing, Long::sum);
        });
        payouts.forEach((id, payout) -> {
            if (!failedPayouts.contains(id)) {
                balances.computeIfAbsent(payout.customerId(), c -> new TreeMap<>())
                        .merge("CUSTOMER_REBATE_PAYABLE " + payout.amount().currency(), -payout.amount().minorUnits(),
                                Long::sum);
            }
        });
        balances.values().forEach(map -> map.values().removeIf(value -> value == 0));
        return balances;
    }

    private static long rebate(long margin, int shareBps, int feeBps) {
        long pool = floor(margin, shareBps, 10_000);
        return pool - floor(pool, feeBps, 10_000);
    }

    private static long floor(long a, long b, long c) {
        return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divide(BigInteger.valueOf(c)).longValueExact();
    }
}
