package org.ristourne.broker.report.vendorwebhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ristourne.billing.api.SaleSharesFunded;
import org.ristourne.support.ExpectedLedger;
import org.ristourne.support.LedgerRows;
import org.ristourne.support.MutableClock;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.Processors;
import org.ristourne.support.SigningVendor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reports as a careless or hostile vendor sends them, over HTTP and signed: every id at its longest, ids made of the
 * characters that separate the parts of derived ids, and the same sale hit from eight threads at once. A 2xx is a
 * promise that the sale reaches its customer's statement, so after each scenario every sale that got one must be on
 * the statement once, its ledger rows must hold exactly the postings and amounts that an independent recomputation of
 * the split rule gives ({@link ExpectedLedger}), and so must every account. No answer may be a 5xx.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ristourne.operator.password=" + OperatorClient.PASSWORD,
        "ristourne.intake.rate-per-second=10000",
        "ristourne.intake.burst=10000",
        // The tests' own failures all come from loopback; a flood's source earns no failure back during a test.
        "ristourne.intake.failed-attempts.burst=50",
        "ristourne.intake.failed-attempts.per-minute=1",
        // So that a test can prove a request took no connection: suspended, the pool hands none out until resumed.
        "spring.datasource.hikari.allow-pool-suspension=true"})
@Import(MutableClock.Config.class)
abstract class HostileReportsIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The answers a well-formed, correctly signed report may get (docs/api.md): recorded, repeat, conflict, rule. */
    private static final Set<Integer> WELL_FORMED_ANSWERS = Set.of(200, 202, 409, 422);
    private static final int SHARE_BPS = 2000;
    private static final int FEE_BPS = 2500;
    private static final int HOLD_DAYS = 14;
    private static final int THREADS = 8;
    private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Autowired MutableClock clock;
    @Autowired JdbcTemplate jdbc;
    @Autowired EventProcessingConfiguration processing;
    @Autowired QueryGateway queries;
    @Autowired EventGateway events;
    @Autowired TransactionTemplate transactions;
    @LocalServerPort int port;

    OperatorClient operator;
    LedgerRows rows;
    ExpectedLedger expected;
    Map<String, Long> balancesBefore;

    /** A vendor under test with one subscribed customer. */
    record Shop(SigningVendor vendor, OperatorClient.Customer customer) {

        String id() {
            return vendor.vendorId();
        }

        String saleKey(String saleId) {
            return id() + "/" + saleId;
        }
    }

    @BeforeEach
    void startFromTheCurrentBooks() {
        operator = new OperatorClient("http://127.0.0.1:" + port);
        rows = new LedgerRows(jdbc, queries);
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        balancesBefore = rows.balances();
        expected = new ExpectedLedger();
    }

    // ---------------------------------------------------------------- scenarios

    @Test
    void idsAtTheirLongestAreReportedRefundedConfirmedFundedAndBooked() {
        Shop shop = shop(randomId(63));
        String pending = randomSaleId("p", 128);
        String confirmed = randomSaleId("c", 128);
        String fundedThenRefunded = randomSaleId("f", 128);

        assertRecorded(reportSale(shop, longWebhookId(), pending, 12_999, 4_200, false));
        assertRecorded(reportSale(shop, longWebhookId(), confirmed, 50_000, 20_000, true));
        assertRecorded(reportSale(shop, longWebhookId(), fundedThenRefunded, 30_000, 9_000, true));
        assertRecorded(refund(shop, longWebhookId(), pending, randomSaleId("r", 128), 5_000));

        awaitConfirmed(shop, confirmed);
        awaitConfirmed(shop, fundedThenRefunded);
        assertRecorded(refund(shop, longWebhookId(), confirmed, randomSaleId("r", 128), 7_777));
        fund(shop, confirmed);
        fund(shop, fundedThenRefunded);
        assertRecorded(refund(shop, longWebhookId(), fundedThenRefunded, randomSaleId("r", 128), 10_001));

        assertBookedAsRecomputed();
    }

    /**
     * Posting ids used to be the parts of a business key joined by ':', which sale and refund ids may contain; '.'
     * and '-' are there for encodings that would merely swap the separator.
     */
    static Stream<Arguments> idsDesignedToCollide() {
        return Stream.of(
                Arguments.of("refund 'r:reported' of sale 'x' and sale 'x:refund:r'", List.of(
                        sale(0, "x", false), refund(0, "x", "r:reported"), sale(0, "x:refund:r", false))),
                Arguments.of("sale 'x:refund:r' and then refund 'r:reported' of sale 'x'", List.of(
                        sale(0, "x:refund:r", false), sale(0, "x", false), refund(0, "x", "r:reported"))),
                Arguments.of("refund 'reported' of sale 'a' and sale 'a:refund'", List.of(
                        sale(0, "a", false), refund(0, "a", "reported"), sale(0, "a:refund", false))),
                Arguments.of("confirmation of sale 'a:refund' and refund 'confirmed' of sale 'a'", List.of(
                        sale(0, "a", true), sale(0, "a:refund", true), confirmed(0, "a"), confirmed(0, "a:refund"),
                        refund(0, "a", "confirmed"))),
                Arguments.of("funding of sale 'a:refund' and refund 'funded' of sale 'a'", List.of(
                        sale(0, "a", true), sale(0, "a:refund", true), confirmed(0, "a"), confirmed(0, "a:refund"),
                        funded(0, "a:refund"), refund(0, "a", "funded"))),
                Arguments.of("refund 'r:refund:s' of sale 'y' and refund 's' of sale 'y:refund:r'", List.of(
                        sale(0, "y", false), sale(0, "y:refund:r", false), refund(0, "y", "r:refund:s"),
                        refund(0, "y:refund:r", "s"))),
                Arguments.of("refunds 'r', 'r:refund', 'r.refund' and 'r-refund' of one sale", List.of(
                        sale(0, "z", false), refund(0, "z", "r"), refund(0, "z", "r:refund"),
                        refund(0, "z", "r.refund"), refund(0, "z", "r-refund"))),
                Arguments.of("'.' and '-' where ':' would be", List.of(
                        sale(0, "x", false), refund(0, "x", "r.reported"), refund(0, "x", "r-reported"),
                        sale(0, "x.refund.r", false), sale(0, "x-refund-r", false), sale(0, "x.reported", false),
                        sale(0, "x-reported", false))),
                Arguments.of("sale 'a:b' and sale 'a' refunded as 'b' and 'b:reported'", List.of(
                        sale(0, "a:b", false), sale(0, "a", false), refund(0, "a", "b"), refund(0, "a", "b:reported"))),
                Arguments.of("vendor 'v' sale 'x-1' and vendor 'v-x' sale '1'", List.of(
                        sale(0, "x-1", false), sale(1, "1", false), refund(0, "x-1", "r"), refund(1, "1", "x-1:r"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("idsDesignedToCollide")
    void idsDesignedToCollideBookEverySaleOnItsOwn(String description, List<Step> steps) {
        String base = randomId(20);
        List<Shop> shops = List.of(shop(base), shop(base + "-x"));
        for (Step step : steps) {
            step.apply(this, shops.get(step.shop()));
        }
        assertBookedAsRecomputed();
    }

    @Test
    void eightConcurrentRefundsOfAPendingSaleAreEachAcceptedOrRefusedAndBooked() {
        Shop shop = shop(randomId(30));
        assertRecorded(reportSale(shop, SigningVendor.newWebhookId(), "ord-contested", 10_000, 4_000, false));
        refundConcurrently(shop, "ord-contested");
        assertBookedAsRecomputed();
    }

    @Test
    void eightConcurrentRefundsRacingTheHoldDeadlineAreEachAcceptedOrRefusedAndBooked() {
        Shop shop = shop(randomId(30));
        // completed before the hold: its deadline is due the moment the sale is stored, and races the refunds
        assertRecorded(reportSale(shop, SigningVendor.newWebhookId(), "ord-racing", 10_000, 4_000, true));
        refundConcurrently(shop, "ord-racing");
        awaitConfirmed(shop, "ord-racing");
        assertBookedAsRecomputed();
    }

    @Test
    void eightConcurrentIdenticalDeliveriesRecordTheSaleAndTheRefundOnce() {
        Shop shop = shop(randomId(30));
        String saleBody = saleBody(shop, "ord-repeated", 10_000, 4_000, false);
        String saleDelivery = SigningVendor.newWebhookId();
        List<HttpResponse<String>> sales = concurrently(() -> shop.vendor().send(saleDelivery, saleBody));
        assertThat(statuses(sales)).as(bodies(sales)).containsOnly(200, 202).containsOnlyOnce(202);
        expected.reported(shop.saleKey("ord-repeated"), shop.id(), shop.customer().customerId(), "EUR", 10_000, 4_000,
                SHARE_BPS, FEE_BPS);

        String refundBody = SigningVendor.saleRefunded("ord-repeated", "rf-repeated", 2_500, Instant.now());
        String refundDelivery = SigningVendor.newWebhookId();
        List<HttpResponse<String>> refunds = concurrently(() -> shop.vendor().send(refundDelivery, refundBody));
        assertThat(statuses(refunds)).as(bodies(refunds)).containsOnly(200, 202).containsOnlyOnce(202);
        // the same refund again under new webhook ids: repeats of recorded content
        List<HttpResponse<String>> again = concurrently(() -> shop.vendor().send(refundBody));
        assertThat(statuses(again)).as(bodies(again)).containsOnly(200);
        expected.refunded(shop.saleKey("ord-repeated"), 2_500);

        assertBookedAsRecomputed();
    }

    static Stream<Arguments> reportsBeyondTheLimits() {
        return Stream.of(
                Arguments.of("webhook-id of 129 characters", (Function<Shop, HttpResponse<String>>) shop ->
                        shop.vendor().send("m".repeat(129), saleBody(shop, "ord-h", 1_000, 100, false))),
                Arguments.of("saleId of 129 characters", (Function<Shop, HttpResponse<String>>) shop ->
                        shop.vendor().send(saleBody(shop, "s".repeat(129), 1_000, 100, false))),
                Arguments.of("saleId with a slash", (Function<Shop, HttpResponse<String>>) shop ->
                        shop.vendor().send(saleBody(shop, "ord/1", 1_000, 100, false))),
                Arguments.of("saleId climbing out with ../", (Function<Shop, HttpResponse<String>>) shop ->
                        shop.vendor().send(saleBody(shop, "../other/ord", 1_000, 100, false))),
                Arguments.of("refundId of 129 characters", (Function<Shop, HttpResponse<String>>) shop ->
                        shop.vendor().send(SigningVendor.saleRefunded("ord-base", "r".repeat(129), 100,
                                Instant.now()))),
                Arguments.of("refundId with a slash", (Function<Shop, HttpResponse<String>>) shop ->
                        shop.vendor().send(SigningVendor.saleRefunded("ord-base", "rf/1", 100, Instant.now()))),
                Arguments.of("refund of a saleId with a slash", (Function<Shop, HttpResponse<String>>) shop ->
                        shop.vendor().send(SigningVendor.saleRefunded("ord-base/x", "rf-2", 100, Instant.now()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reportsBeyondTheLimits")
    void reportsBeyondTheLimitsAreRefusedWith4xxAndChangeNoBooks(String description,
                                                                  Function<Shop, HttpResponse<String>> send) {
        Shop shop = shop(randomId(30));
        assertRecorded(reportSale(shop, SigningVendor.newWebhookId(), "ord-base", 10_000, 4_000, false));
        HttpResponse<String> response = send.apply(shop);
        assertThat(response.statusCode()).as("%s answered %s", description, response.body()).isBetween(400, 499);
        assertBookedAsRecomputed();
    }

    // ---------------------------------------------------------------- steps of the collision scenarios

    /** One step of a scenario, done by the vendor {@code shop} (0 or 1) of the scenario. */
    interface Step {
        int shop();

        void apply(HostileReportsIntegrationTest test, Shop shop);
    }

    static Step sale(int shop, String saleId, boolean pastItsHold) {
        return step(shop, "sale " + saleId, (test, vendor) -> test.assertRecorded(test.reportSale(vendor,
                SigningVendor.newWebhookId(), saleId, 10_000, 4_000, pastItsHold)));
    }

    static Step refund(int shop, String saleId, String refundId) {
        return step(shop, "refund " + refundId + " of " + saleId, (test, vendor) -> test.assertRecorded(
                test.refund(vendor, SigningVendor.newWebhookId(), saleId, refundId, 1_000)));
    }

    static Step confirmed(int shop, String saleId) {
        return step(shop, "confirmation of " + saleId, (test, vendor) -> test.awaitConfirmed(vendor, saleId));
    }

    static Step funded(int shop, String saleId) {
        return step(shop, "funding of " + saleId, (test, vendor) -> test.fund(vendor, saleId));
    }

    private static Step step(int shop, String description, java.util.function.BiConsumer<HostileReportsIntegrationTest,
            Shop> action) {
        return new Step() {
            @Override
            public int shop() {
                return shop;
            }

            @Override
            public void apply(HostileReportsIntegrationTest test, Shop vendor) {
                action.accept(test, vendor);
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }

    // ---------------------------------------------------------------- what a vendor does

    /**
     * A vendor whose agreement has been in force for a month, so that a sale can be reported as completed before its
     * hold: its deadline is then due at once, as if the clock had moved past the hold.
     */
    Shop shop(String vendorId) {
        String secret;
        clock.advance(Duration.ofDays(-30));
        try {
            secret = operator.onboardVendor(vendorId, SHARE_BPS, FEE_BPS, HOLD_DAYS);
        } finally {
            clock.reset();
        }
        return new Shop(new SigningVendor("http://127.0.0.1:" + port, vendorId, secret),
                operator.subscribedCustomerOf(vendorId));
    }

    static String saleBody(Shop shop, String saleId, long amount, long margin, boolean pastItsHold) {
        Instant completedAt = pastItsHold ? Instant.now().minus(Duration.ofDays(HOLD_DAYS + 1))
                : Instant.now().minusSeconds(60);
        return SigningVendor.saleCompleted(saleId, shop.customer().customerRef(), "EUR", amount, margin, completedAt);
    }

    /** Reports a sale; a 2xx makes it part of the expected books. */
    HttpResponse<String> reportSale(Shop shop, String webhookId, String saleId, long amount, long margin,
                                    boolean pastItsHold) {
        HttpResponse<String> response = wellFormed(shop.vendor().send(webhookId,
                saleBody(shop, saleId, amount, margin, pastItsHold)));
        if (isSuccess(response) && !expected.knows(shop.saleKey(saleId))) {
            expected.reported(shop.saleKey(saleId), shop.id(), shop.customer().customerId(), "EUR", amount, margin,
                    SHARE_BPS, FEE_BPS);
        }
        return response;
    }

    /** Reports a refund; a 202 (recorded, not a repeat) makes it part of the expected books. */
    HttpResponse<String> refund(Shop shop, String webhookId, String saleId, String refundId, long amount) {
        HttpResponse<String> response = wellFormed(shop.vendor().send(webhookId,
                SigningVendor.saleRefunded(saleId, refundId, amount, Instant.now())));
        if (response.statusCode() == 202) {
            synchronized (expected) {
                expected.refunded(shop.saleKey(saleId), amount);
            }
        }
        return response;
    }

    /** Eight refunds of odd amounts summing to more than the sale: at most five fit, and never the whole amount. */
    void refundConcurrently(Shop shop, String saleId) {
        long[] amounts = {1_501, 1_603, 1_707, 1_811, 1_913, 2_017, 2_111, 2_213};
        List<Callable<HttpResponse<String>>> refunds = new ArrayList<>();
        for (int i = 0; i < amounts.length; i++) {
            String refundId = "rf-" + i;
            long amount = amounts[i];
            refunds.add(() -> refund(shop, SigningVendor.newWebhookId(), saleId, refundId, amount));
        }
        List<HttpResponse<String>> responses = concurrently(refunds);
        assertThat(statuses(responses)).as(bodies(responses)).containsOnly(202, 422).contains(202, 422);
    }

    void awaitConfirmed(Shop shop, String saleId) {
        Awaitility.await("confirmation of " + saleId).atMost(WAIT).until(() -> jdbc.queryForObject("""
                select count(*) from domain_event_entry where aggregate_identifier = ? and payload_type like ?
                """, Long.class, shop.saleKey(saleId), "%.SaleConfirmed") == 1);
        expected.confirmed(shop.saleKey(saleId));
    }

    /** Billing reports that the vendor paid the sale's pool, as LedgerIntegrationTest does. */
    void fund(Shop shop, String saleId) {
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        transactions.executeWithoutResult(status -> events.publish(new SaleSharesFunded(shop.saleKey(saleId),
                "ch_" + saleId, Instant.now())));
        expected.funded(shop.saleKey(saleId));
    }

    // ---------------------------------------------------------------- checks

    void assertBookedAsRecomputed() {
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(rows.statementMismatches(expected, true))
                .as("sales with a 2xx whose statement line differs from the recomputation").isEmpty();
        softly.assertThat(rows.saleMismatches(expected))
                .as("sales whose ledger rows differ from the recomputation").isEmpty();
        softly.assertThat(rows.balancesSince(balancesBefore))
                .as("accounts moved by this test, against the recomputation").isEqualTo(expected.balances());
        softly.assertAll();
    }

    void assertRecorded(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    static HttpResponse<String> wellFormed(HttpResponse<String> response) {
        assertThat(response.statusCode()).as("answer to a well-formed signed report: %s", response.body())
                .isIn(WELL_FORMED_ANSWERS);
        return response;
    }

    static boolean isSuccess(HttpResponse<String> response) {
        return response.statusCode() / 100 == 2;
    }

    /** The same request from eight threads released together. */
    List<HttpResponse<String>> concurrently(Callable<HttpResponse<String>> request) {
        List<Callable<HttpResponse<String>>> requests = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            requests.add(request);
        }
        return concurrently(requests);
    }

    List<HttpResponse<String>> concurrently(List<Callable<HttpResponse<String>>> requests) {
        ExecutorService threads = Executors.newFixedThreadPool(requests.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (Callable<HttpResponse<String>> request : requests) {
                futures.add(threads.submit(() -> {
                    start.await();
                    return request.call();
                }));
            }
            start.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> future : futures) {
                responses.add(future.get());
            }
            return responses;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof AssertionError failed) {
                throw failed;
            }
            throw new AssertionError("a concurrent request failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            threads.shutdownNow();
        }
    }

    static List<Integer> statuses(List<HttpResponse<String>> responses) {
        return responses.stream().map(HttpResponse::statusCode).toList();
    }

    static String bodies(List<HttpResponse<String>> responses) {
        return String.join("\n", responses.stream().map(r -> r.statusCode() + " " + r.body()).toList());
    }

    // ---------------------------------------------------------------- ids

    /** A vendor id of the given length: lowercase letters, digits and dashes. */
    static String randomId(int length) {
        StringBuilder id = new StringBuilder("v");
        while (id.length() < length) {
            id.append(id.length() % 9 == 0 ? '-' : ID_CHARS.charAt(RANDOM.nextInt(ID_CHARS.length())));
        }
        return id.toString();
    }

    /** A sale or refund id of the given length, made mostly of the characters that separate derived ids. */
    static String randomSaleId(String prefix, int length) {
        String separators = ":.-_:";
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < 8; i++) {
            id.append(ID_CHARS.charAt(RANDOM.nextInt(ID_CHARS.length())));
        }
        while (id.length() < length) {
            id.append(separators.charAt(id.length() % separators.length()));
        }
        return id.toString();
    }

    static String longWebhookId() {
        String id = SigningVendor.newWebhookId();
        return id + "_".repeat(128 - id.length());
    }
}
