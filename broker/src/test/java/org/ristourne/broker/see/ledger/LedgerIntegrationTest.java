package org.ristourne.broker.see.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.common.Registration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
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
import org.ristourne.broker.api.share.PostingRecorded;
import org.ristourne.broker.api.vendor.OnboardVendor;
import org.ristourne.broker.share.automation.WhenSaleLifecycleThenBookShares;
import org.ristourne.ledger.account.AccountType;
import org.ristourne.ledger.money.BasisPoints;
import org.ristourne.ledger.money.Money;
import org.ristourne.support.CommandPath;
import org.ristourne.support.DatabaseSnapshot;
import org.ristourne.support.ExpectedLedger;
import org.ristourne.support.LedgerRows;
import org.ristourne.support.Processors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A thousand random sales and refunds in EUR, JPY and KWD through the broker's command path, then funding, payouts
 * within each customer's payable balance, a failed payout and a refund after payout, run once for the class. Each test
 * then holds the books against {@link ExpectedLedger}: the split rule recomputed from the recorded sale events with
 * {@code SplitRuleOracle}, nothing of the ledger's code. Sums that balance whatever happens (a dropped or doubled
 * posting balances too) are not enough: every sale's postings and entries per account, every account and every
 * statement line must be the recomputation's. Redelivery (booking tokens reset) and replay of the read models come
 * last and may not change a single row.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "ristourne.deadlines.polling-interval=1s")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
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

    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private final List<String> customers = new ArrayList<>();
    private final List<String> paidCustomers = new ArrayList<>();
    private LedgerRows rows;
    private Map<String, Long> balancesBefore;
    private ExpectedLedger expected;
    private String paidCurrency;

    @BeforeAll
    void recordRandomSalesFundingAndPayouts() {
        rows = new LedgerRows(jdbc, queries);
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        balancesBefore = rows.balances();
        Random random = new Random(20261124L);
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
        String previousVendor = vendorIds.get(0);
        for (int s = 0; s < SALES; s++) {
            // every hundredth sale follows the one before at the same vendor with an id built to collide with it
            String vendor = s % 100 == 1 ? previousVendor : vendorIds.get(random.nextInt(vendorIds.size()));
            previousVendor = vendor;
            String customer = customers.get(random.nextInt(customers.size()));
            Currency currency = Currency.getInstance(codes.get(random.nextInt(codes.size())));
            long amount = 1 + (long) random.nextInt(random.nextBoolean() ? 1_000 : 5_000_000);
            long margin = (long) (random.nextInt(10_001)) * amount / 10_000;
            SaleId sale = new SaleId(new VendorId(vendor), saleIdOf(s));
            commands.sendAndWait(new ReportSale(sale, refs.get(customer + "|" + vendor), Money.of(amount, currency),
                    Money.of(margin, currency), now.minusSeconds(random.nextInt(3_600)), List.of(), now));
            long left = amount;
            int refunds = random.nextInt(10) < 4 || s % 100 == 0 ? 1 + random.nextInt(3) : 0;
            for (int r = 0; r < refunds && left > 0; r++) {
                long refund = random.nextInt(4) == 0 ? left : 1 + (long) (random.nextDouble() * left);
                left -= refund;
                CommandPath.sendToSale(commands, new RefundSale(sale, new RefundId(refundIdOf(s, r)),
                        Money.of(refund, currency), now));
            }
        }

        long expectedConfirmations = countSalesOfQuickVendors();
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> countConfirmationsOfThisRun() >= expectedConfirmations);
        Processors.awaitCaughtUp(processing, jdbc, WAIT);

        // fund every other confirmed sale of this run, then pay three customers what is payable and fail one payout
        List<String> confirmed = jdbc.queryForList("""
                select sale_key from customer_statement_line where state = 'CONFIRMED' and customer_id like ?
                order by sale_key""", String.class, "cus-" + run + "-%");
        assertThat(confirmed).isNotEmpty();
        for (int i = 0; i < confirmed.size(); i += 2) {
            String saleKey = confirmed.get(i);
            transactions.executeWithoutResult(status -> events.publish(new SaleSharesFunded(saleKey, "ch_" + saleKey,
                    now.plusSeconds(60))));
        }
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        List<String> payouts = new ArrayList<>();
        for (String customer : customers) {
            for (AccountBalance balance : balances(customer)) {
                if (balance.type() == AccountType.CUSTOMER_REBATE_PAYABLE && balance.balance().isPositive()
                        && paidCustomers.size() < 3) {
                    paidCustomers.add(customer);
                    String payout = "po-" + customer + "-" + balance.balance().currency();
                    payouts.add(payout);
                    transactions.executeWithoutResult(status -> events.publish(new PayoutSettled(payout, customer,
                            balance.balance(), now.plusSeconds(120))));
                }
            }
        }
        assertThat(paidCustomers).hasSize(3);
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        String failedCustomer = paidCustomers.get(2);
        transactions.executeWithoutResult(status -> events.publish(new PayoutFailed(payouts.get(2), failedCustomer,
                "card_declined", now.plusSeconds(180))));
        // a refund after payout: the customer's payable rebate goes negative, to be absorbed by later rebates
        String paidSale = jdbc.queryForObject("""
                select min(sale_key) from customer_statement_line where customer_id = ? and state = 'CREDITED'
                and refunded_minor < amount_minor and rebate_minor > 0
                """, String.class, paidCustomers.get(0));
        assertThat(paidSale).isNotNull();
        long remaining = jdbc.queryForObject(
                "select amount_minor - refunded_minor from customer_statement_line where sale_key = ?", Long.class,
                paidSale);
        paidCurrency = jdbc.queryForObject(
                "select currency from customer_statement_line where sale_key = ?", String.class, paidSale);
        String[] key = paidSale.split("/", 2);
        CommandPath.sendToSale(commands, new RefundSale(new SaleId(new VendorId(key[0]), key[1]),
                new RefundId("rf-after-payout"), Money.of(remaining, paidCurrency), now.plusSeconds(240)));
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        expected = recompute();
    }

    @Test
    @Order(1)
    void theLedgerBalancesPerCurrencyAndNothingIsParked() {
        List<Map<String, Object>> sums = jdbc.queryForList(
                "select currency, sum(amount_minor) as total from ledger_entry group by currency");
        assertThat(sums).hasSizeGreaterThanOrEqualTo(3);
        assertThat(sums).allSatisfy(row -> assertThat(((Number) row.get("total")).longValue()).isZero());
        assertThat(jdbc.queryForObject("select count(*) from dead_letter_entry", Integer.class)).isZero();
    }

    @Test
    @Order(2)
    void everySaleHasThePostingsAndEntriesOfTheRecomputation() {
        assertThat(expected.saleKeys()).hasSize(SALES);
        assertThat(rows.saleMismatches(expected)).as("sales whose ledger rows differ from the recomputation").isEmpty();
    }

    @Test
    @Order(3)
    void everyAccountMovedAsTheRecomputationSays() {
        assertThat(rows.balancesSince(balancesBefore)).isEqualTo(expected.balances());
    }

    @Test
    @Order(4)
    void everySaleIsOnItsCustomersStatementOnceWithTheRecomputedRebate() {
        assertThat(rows.statementMismatches(expected, false))
                .as("statement lines that differ from the recomputation").isEmpty();
    }

    List<String> customers() {
        return customers;
    }

    @ParameterizedTest
    @MethodSource("customers")
    @Order(5)
    void theCustomersBalancesAreTheRecomputation(String customer) {
        Map<String, Long> actual = new TreeMap<>();
        for (AccountBalance balance : balances(customer)) {
            if (balance.balance().minorUnits() != 0) {
                // the query reads balances on the account's normal side; the recomputation keeps debits minus credits
                actual.put(ExpectedLedger.account(balance.type(), customer,
                        balance.balance().currency().getCurrencyCode()), balance.type().normalBalance(
                        balance.balance().minorUnits()));
            }
        }
        Map<String, Long> wanted = new TreeMap<>(expected.balances());
        wanted.keySet().removeIf(account -> !account.contains(" " + customer + " "));
        assertThat(actual).isEqualTo(wanted);
    }

    @Test
    @Order(6)
    void aRefundAfterPayoutLeavesANegativePayableBalance() {
        assertThat(expected.balances()).as("payable rebate of %s, credit-normal", paidCustomers.get(0))
                .hasEntrySatisfying(ExpectedLedger.account(AccountType.CUSTOMER_REBATE_PAYABLE, paidCustomers.get(0),
                        paidCurrency), debitMinusCredit -> assertThat(debitMinusCredit).isPositive());
    }

    @Test
    @Order(90)
    void redeliveryToTheBookingPolicyPostsNothingNew() {
        Map<String, List<String>> readModels = readModels();
        long postings = countEvents(PostingRecorded.class);
        StreamingEventProcessor booking = processing.eventProcessor(WhenSaleLifecycleThenBookShares.GROUP,
                StreamingEventProcessor.class).orElseThrow();
        booking.shutDown();
        booking.resetTokens();
        booking.start();
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        assertThat(countEvents(PostingRecorded.class)).isEqualTo(postings);
        assertThat(readModels()).isEqualTo(readModels);
    }

    @Test
    @Order(100)
    void replayRebuildsEveryLedgerReadModelIdentically() {
        Map<String, List<String>> readModels = readModels();
        long started = System.nanoTime();
        replay.start();
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(replay::isCaughtUp);
        System.out.printf("ledger replay: %d events in %d ms%n", (Long) replay.status().get("head"),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        assertThat(readModels()).isEqualTo(readModels);
    }

    /**
     * Customers subscribe while a replay runs. The replay reads the store once up to the head it found and the
     * processor goes on after it: every event of the group must reach its handlers exactly once (counted by an
     * interceptor on the processor, which the replay's batches pass through too), and the read models must be those of
     * before the replay, plus the late customers' payments.
     */
    @Test
    @Order(110)
    void eventsStoredDuringAReplayAreHandledExactlyOnce() {
        StreamingEventProcessor processor = processing.eventProcessor(LedgerReadModels.GROUP,
                StreamingEventProcessor.class).orElseThrow();
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        Map<String, List<String>> readModels = readModels();
        Map<String, Integer> handled = new ConcurrentHashMap<>();
        Registration counting = processor.registerHandlerInterceptor((unitOfWork, chain) -> {
            handled.merge(unitOfWork.getMessage().getIdentifier(), 1, Integer::sum);
            return chain.proceed();
        });
        int late = 0;
        int storedWhileReplaying = 0;
        try {
            replay.start();
            Instant now = clock.instant();
            while (late < 200 && (replay.isReplaying() || late < 5)) {
                CustomerId customer = new CustomerId("cus-" + run + "-late-" + late);
                commands.sendAndWait(new RegisterCustomer(customer, now));
                commands.sendAndWait(new RecordSubscriptionPeriod(customer, now, now.plus(Duration.ofDays(30)),
                        Money.of(100 + late, "EUR")));
                late++;
                if (replay.isReplaying()) {
                    storedWhileReplaying++;
                }
            }
            Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(replay::isCaughtUp);
            Processors.awaitCaughtUp(processing, jdbc, WAIT);
        } finally {
            counting.cancel();
        }

        assertThat(storedWhileReplaying).as("customers who subscribed while the replay ran").isPositive();
        Set<String> ofTheGroup = new TreeSet<>();
        jdbc.query("select event_identifier, payload_type from domain_event_entry", rs -> {
            if (processor instanceof TrackingEventProcessor tracking
                    && tracking.eventHandlerInvoker().canHandleType(classOf(rs.getString("payload_type")))) {
                ofTheGroup.add(rs.getString("event_identifier"));
            }
        });
        assertThat(handled.entrySet().stream().filter(event -> event.getValue() != 1).toList())
                .as("events handled more than once").isEmpty();
        assertThat(ofTheGroup.stream().filter(event -> !handled.containsKey(event)).toList())
                .as("events of the group never handled").isEmpty();
        assertThat(handled.keySet().stream().filter(event -> !ofTheGroup.contains(event)).toList())
                .as("events handled that are not in the store").isEmpty();
        Map<String, List<String>> after = readModels();
        List<String> latePayments = after.get("subscription_payment").stream()
                .filter(row -> row.contains("cus-" + run + "-late-")).toList();
        assertThat(latePayments).hasSize(late);
        after.put("subscription_payment", after.get("subscription_payment").stream()
                .filter(row -> !latePayments.contains(row)).toList());
        assertThat(after).isEqualTo(readModels);
    }

    private static Class<?> classOf(String type) {
        try {
            return Class.forName(type);
        } catch (ClassNotFoundException e) {
            return Void.class;
        }
    }

    /**
     * Sale ids as vendors may write them: most short, every tenth at the longest allowed (128 characters, mostly the
     * separators ':', '.' and '-'), and every hundredth-and-one {@code ord-N:refund:rN}, the refund of sale
     * {@code ord-N} called {@code rN:reported} under ':'-joined posting ids.
     */
    private static String saleIdOf(int s) {
        if (s % 100 == 1) {
            return "ord-" + (s - 1) + ":refund:r" + (s - 1);
        }
        return s % 10 == 3 ? longest("ord-" + s + "-") : "ord-" + s;
    }

    private static String refundIdOf(int s, int r) {
        if (s % 100 == 0 && r == 0) {
            return "r" + s + ":reported";
        }
        return s % 10 == 3 ? longest("rf-" + s + "-" + r + "-") : "rf-" + s + "-" + r;
    }

    private static String longest(String prefix) {
        StringBuilder id = new StringBuilder(prefix);
        while (id.length() < 128) {
            id.append(":.-".charAt(id.length() % 3));
        }
        return id.toString();
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

    private boolean isOfThisRun(SaleId sale) {
        return sale.vendorId().value().endsWith("-" + run);
    }

    /** Sales of the vendors without a hold that were not refunded in full: each must be confirmed. */
    private long countSalesOfQuickVendors() {
        Map<String, Long> amounts = new HashMap<>();
        Map<String, Long> refunded = new HashMap<>();
        try (Stream<? extends TrackedEventMessage<?>> stream = allEvents()) {
            stream.map(TrackedEventMessage::getPayload).forEach(payload -> {
                if (payload instanceof SaleReported r && isOfThisRun(r.saleId())
                        && !r.saleId().vendorId().value().startsWith("slow-")) {
                    amounts.put(r.saleId().toString(), r.amount().minorUnits());
                } else if (payload instanceof SaleRefunded r) {
                    refunded.put(r.saleId().toString(), r.refundedTotal().minorUnits());
                }
            });
        }
        return amounts.entrySet().stream()
                .filter(sale -> refunded.getOrDefault(sale.getKey(), 0L) < sale.getValue()).count();
    }

    private long countConfirmationsOfThisRun() {
        return jdbc.queryForObject("""
                select count(*) from domain_event_entry where payload_type = ? and aggregate_identifier like ?
                """, Long.class, SaleConfirmed.class.getName(), "%-" + run + "/%");
    }

    private long countEvents(Class<?> type) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where payload_type = ?", Long.class,
                type.getName());
    }

    private Stream<? extends TrackedEventMessage<?>> allEvents() {
        return eventStore.openStream(null).asStream()
                .limit(jdbc.queryForObject("select count(*) from domain_event_entry", Long.class));
    }

    /**
     * The books this run should have produced, from the facts the event store recorded, in their order: each sale's
     * report, refunds, confirmation and funding, and the payouts billing reported for this run's customers.
     */
    private ExpectedLedger recompute() {
        ExpectedLedger ledger = new ExpectedLedger();
        Map<String, PayoutSettled> payouts = new LinkedHashMap<>();
        try (Stream<? extends TrackedEventMessage<?>> stream = allEvents()) {
            stream.map(TrackedEventMessage::getPayload).forEach(payload -> {
                if (payload instanceof SaleReported r && isOfThisRun(r.saleId())) {
                    ledger.reported(r.saleId().toString(), r.saleId().vendorId().value(), r.customerId().value(),
                            r.amount().currency().getCurrencyCode(), r.amount().minorUnits(), r.margin().minorUnits(),
                            r.agreement().terms().shareBps().value(), r.agreement().terms().brokerFeeBps().value());
                } else if (payload instanceof SaleRefunded r && isOfThisRun(r.saleId())) {
                    ledger.refunded(r.saleId().toString(), r.amount().minorUnits());
                } else if (payload instanceof SaleConfirmed c && isOfThisRun(c.saleId())) {
                    ledger.confirmed(c.saleId().toString());
                } else if (payload instanceof SaleSharesFunded f && ledger.knows(f.saleKey())) {
                    ledger.funded(f.saleKey());
                } else if (payload instanceof PayoutSettled p && customers.contains(p.customerId())) {
                    payouts.put(p.payoutId(), p);
                    ledger.paidOut(p.payoutId(), p.customerId(), p.amount().currency().getCurrencyCode(),
                            p.amount().minorUnits());
                } else if (payload instanceof PayoutFailed f && payouts.containsKey(f.payoutId())) {
                    ledger.payoutFailed(f.payoutId());
                }
            });
        }
        return ledger;
    }
}
