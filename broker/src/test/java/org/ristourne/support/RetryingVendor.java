package org.ristourne.support;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A vendor's system reporting sales from several threads while a test breaks something under it (a node killed, the
 * database restarted), and retrying each delivery as a Standard Webhooks sender does: the same {@code webhook-id} and
 * body, freshly signed, until it gets a 2xx. A delivery that got no answer (connection refused or cut) or a 503 or 429
 * is retried; any other answer fails the run, since every body is valid. Every fifth sale is refunded once its report
 * got a 2xx (every 25th in full). What got a 2xx goes into an {@link ExpectedLedger}, which the test then compares with
 * what the broker booked.
 */
public final class RetryingVendor {

    public static final int SHARE_BPS = 2000;
    public static final int FEE_BPS = 2500;
    public static final String NO_ANSWER = "no answer";
    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(120);

    /** Where attempt {@code attempt} (0 first) of sale {@code sale}'s deliveries goes: a load balancer's choice. */
    @FunctionalInterface
    public interface Route {
        String baseUrl(int sale, int attempt);
    }

    private final String vendorId;
    private final String secret;
    private final List<OperatorClient.Customer> customers;
    private final String prefix;
    private final Route route;
    private final ExpectedLedger expected = new ExpectedLedger();
    private final List<Future<?>> runs = new ArrayList<>();
    private final List<ExecutorService> senders = new ArrayList<>();

    private final AtomicInteger deliveries = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger refunds = new AtomicInteger();
    private final AtomicInteger retriedDeliveries = new AtomicInteger();
    private final AtomicInteger repeatsAfterFailure = new AtomicInteger();
    private final ConcurrentMap<String, AtomicInteger> failedAttempts = new ConcurrentHashMap<>();
    private final List<Long> acceptedAt = new ArrayList<>();

    /**
     * {@code prefix} keeps apart the sale ids and webhook ids of several vendors of one test; customers take the
     * sales in turn.
     */
    public RetryingVendor(String vendorId, String secret, List<OperatorClient.Customer> customers, String prefix,
                          Route route) {
        this.vendorId = vendorId;
        this.secret = secret;
        this.customers = List.copyOf(customers);
        this.prefix = prefix;
        this.route = route;
    }

    /** A vendor with the agreement the figures here assume, and {@code customers} subscribed customers of it. */
    public static Onboarded onboard(OperatorClient operator, String vendorId, int customers) {
        String secret = operator.onboardVendor(vendorId, SHARE_BPS, FEE_BPS, 14);
        List<OperatorClient.Customer> subscribed = new ArrayList<>();
        for (int i = 0; i < customers; i++) {
            subscribed.add(operator.subscribedCustomerOf(vendorId));
        }
        return new Onboarded(vendorId, secret, subscribed);
    }

    public record Onboarded(String vendorId, String secret, List<OperatorClient.Customer> customers) {
    }

    /** Starts sending sales {@code from} (inclusive) to {@code to} (exclusive) from {@code threads} threads. */
    public synchronized void send(int from, int to, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        senders.add(pool);
        for (int sale = from; sale < to; sale++) {
            int number = sale;
            runs.add(pool.submit(() -> {
                sendSale(number);
                return null;
            }));
        }
        pool.shutdown();
    }

    /** Waits until {@code count} deliveries of this vendor got their 2xx: the moment for a test's fault. */
    public void awaitAccepted(int count, Duration atMost) {
        List<Future<?>> sent;
        synchronized (this) {
            sent = List.copyOf(runs);
        }
        Awaitility.await(count + " deliveries accepted").atMost(atMost).pollInterval(Duration.ofMillis(20))
                .until(() -> accepted.get() >= count || sent.stream().allMatch(Future::isDone));
        if (accepted.get() < count) {
            throw new AssertionError("the load ended after " + accepted.get() + " accepted deliveries, before "
                    + count + ": " + figures());
        }
    }

    /** Waits for every delivery sent so far to end in a 2xx; fails with the first that could not. */
    public void awaitAllAccepted(Duration atMost) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        List<Future<?>> sent;
        synchronized (this) {
            sent = List.copyOf(runs);
        }
        for (Future<?> run : sent) {
            run.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    public synchronized void close() {
        senders.forEach(ExecutorService::shutdownNow);
    }

    public int accepted() {
        return accepted.get();
    }

    /** Deliveries whose first attempt failed. */
    public int retriedDeliveries() {
        return retriedDeliveries.get();
    }

    /** Attempts that failed with {@code kind}: a status ("503", "429") or "no answer". */
    public int failedAttempts(String kind) {
        AtomicInteger count = failedAttempts.get(kind);
        return count == null ? 0 : count.get();
    }

    /** Milliseconds from {@code nanoTime} to the first 2xx after it (-1 if none yet). */
    public long millisToFirstAcceptedAfter(long nanoTime) {
        synchronized (acceptedAt) {
            return acceptedAt.stream().filter(at -> at > nanoTime).findFirst()
                    .map(at -> TimeUnit.NANOSECONDS.toMillis(at - nanoTime)).orElse(-1L);
        }
    }

    public ExpectedLedger expected() {
        return expected;
    }

    /**
     * Waits for the broker's processors to catch up with every accepted delivery, then checks that each is in the
     * store, the ledger and its customer's statement exactly once and as {@link ExpectedLedger} recomputes it, per
     * sale and per account, and that every posting balances. Answers how long the ledger took to catch up.
     */
    public Duration assertBookedExactlyOnce(LedgerRows rows, Duration atMost) {
        long start = System.nanoTime();
        try {
            Awaitility.await("the ledger caught up with every accepted delivery").atMost(atMost)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> rows.saleMismatches(expected).isEmpty()
                            && rows.statementMismatches(expected, true).isEmpty());
        } catch (ConditionTimeoutException notCaughtUp) {
            // the checks below say what is missing or different
        }
        Duration caughtUp = Duration.ofNanos(System.nanoTime() - start);
        // What a processor still did after that (a posting booked twice) would show in the events.
        Awaitility.await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(rows.eventMismatches(expected)).as("sales whose events differ from what got a 2xx").isEmpty();
        softly.assertThat(rows.saleMismatches(expected)).as("sales whose ledger rows differ from the recomputation")
                .isEmpty();
        softly.assertThat(rows.statementMismatches(expected, true))
                .as("sales whose statement line differs from the recomputation").isEmpty();
        softly.assertThat(rows.balancesSince(Map.of())).as("every account against the recomputation")
                .isEqualTo(expected.balances());
        softly.assertThat(rows.unbalancedPostings()).as("postings that do not balance").isEmpty();
        softly.assertAll();
        return caughtUp;
    }

    /** What a run went through, for the test's output and its failure messages. */
    public String figures() {
        Map<String, Integer> failed = new TreeMap<>();
        failedAttempts.forEach((kind, count) -> failed.put(kind, count.get()));
        int sales;
        synchronized (expected) {
            sales = expected.saleKeys().size();
        }
        return ("%d deliveries sent, %d accepted (%d sales, %d refunds); %d needed retries, %d of them answered 200"
                + " as a repeat on a retry (stored although an earlier attempt got no 2xx); failed attempts %s").formatted(
                deliveries.get(), accepted.get(), sales, refunds.get(), retriedDeliveries.get(),
                repeatsAfterFailure.get(), failed);
    }

    private void sendSale(int sale) {
        OperatorClient.Customer customer = customers.get(sale % customers.size());
        String saleId = prefix + "_ord_" + sale;
        long amount = 5_000 + 97L * sale;
        long margin = 1_000 + (53L * sale) % 4_000;
        deliver(sale, prefix + "_msg_" + sale, SigningVendor.saleCompleted(saleId, customer.customerRef(), "EUR",
                amount, margin, Instant.now()));
        synchronized (expected) {
            expected.reported(vendorId + "/" + saleId, vendorId, customer.customerId(), "EUR", amount, margin,
                    SHARE_BPS, FEE_BPS);
        }
        if (sale % 5 == 0) {
            long refund = sale % 25 == 0 ? amount : 1_000 + 11L * sale;
            deliver(sale, prefix + "_msg_rf_" + sale, SigningVendor.saleRefunded(saleId, prefix + "_rf_" + sale,
                    refund, Instant.now()));
            synchronized (expected) {
                expected.refunded(vendorId + "/" + saleId, refund);
            }
            refunds.incrementAndGet();
        }
    }

    /** Sends one delivery until it gets a 2xx, backing off as senders do. */
    private void deliver(int sale, String webhookId, String body) {
        deliveries.incrementAndGet();
        long giveUp = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        boolean failedBefore = false;
        for (int attempt = 0; ; attempt++) {
            String failure;
            try {
                HttpResponse<String> response = new SigningVendor(route.baseUrl(sale, attempt), vendorId, secret)
                        .send(webhookId, body);
                int status = response.statusCode();
                if (status == 200 || status == 202) {
                    if (failedBefore && status == 200) {
                        repeatsAfterFailure.incrementAndGet();
                    }
                    long now = System.nanoTime();
                    synchronized (acceptedAt) {
                        acceptedAt.add(now);
                    }
                    accepted.incrementAndGet();
                    return;
                }
                if (status != 503 && status != 429) {
                    throw new AssertionError("delivery " + webhookId + " answered " + status + " (attempt "
                            + (attempt + 1) + "), which no retry can mend: " + response.body());
                }
                failure = Integer.toString(status);
            } catch (IllegalStateException noAnswer) {
                failure = NO_ANSWER;
            }
            failedAttempts.computeIfAbsent(failure, kind -> new AtomicInteger()).incrementAndGet();
            if (!failedBefore) {
                failedBefore = true;
                retriedDeliveries.incrementAndGet();
            }
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("delivery " + webhookId + " still not accepted after " + GIVE_UP_AFTER
                        + " (last: " + failure + ")");
            }
            pause(attempt);
        }
    }

    private static void pause(int attempt) {
        long ceiling = Math.min(1_000, 50L << Math.min(attempt, 5));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }
}
