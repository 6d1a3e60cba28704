package org.ristourne.broker.report.vendorwebhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.ristourne.support.LoopbackCaller;
import org.ristourne.support.SigningVendor;
import org.ristourne.support.fuzz.Mutator;
import org.ristourne.support.fuzz.ReportContract;
import org.ristourne.support.fuzz.UnchangedDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The vendor webhook fuzzed: seeded mutants of a recorded sale and of a recorded refund (values of every type and at
 * and past every limit, keys removed, added and duplicated, odd Unicode, deep nesting, damaged bytes, other
 * encodings), most of them signed so that they reach the parser and the rules, the others with their headers, content
 * type or vendor damaged. For every case: never a 5xx; a report the contract (docs/api.md, checked apart from the
 * broker's parser by {@link ReportContract}) finds wanting is never accepted; and the database is exactly as it was
 * after every refusal (checked whole before each mutant that could be recorded, and every {@value #CHECK_EVERY} cases).
 *
 * <p>{@code -Dristourne.fuzz.cases=N} and {@code -Dristourne.fuzz.seed=S} set the count and the seed
 * (docs/reliability.md gives the command for a million); a failure names its seed and case, which replays the same
 * mutation (the base reports carry the run's own timestamps, so a byte-level mutant may land a few bytes away).
 */
abstract class VendorWebhookFuzzIntegrationTest extends VendorWebhookTestSupport {

    private static final int CHECK_EVERY = 250;
    private static final String BASE_SALE = "ord_fuzz_base";
    private static final String BASE_REFUND = "rf_fuzz_base";
    private static final JsonMapper LENIENT = JsonMapper.builder().build();
    private static final List<String> CONTENT_TYPES = List.of("text/plain", "*/*", "application/*",
            "application/xml", "application/json; charset=UTF-16", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "application/json; charset=\"\"", "");

    abstract int defaultCases();

    @Test
    void noCaseAnswers5xxNoInvalidReportIsAcceptedAndEveryRefusalChangesNothing() {
        int cases = Integer.getInteger("ristourne.fuzz.cases", defaultCases());
        long seed = Long.getLong("ristourne.fuzz.seed", 20_261_127L);
        Map<String, Object> sale = baseSale();
        Map<String, Object> refund = baseRefund();
        assertThat(vendor.send(Mutator.write(sale))).extracting(response -> response.statusCode() + response.body())
                .asString().startsWith("202");
        assertThat(vendor.send(Mutator.write(refund))).extracting(response -> response.statusCode() + response.body())
                .asString().startsWith("202");

        Mutator mutator = new Mutator(seed);
        Random random = mutator.random();
        Map<Integer, Integer> statuses = new TreeMap<>();
        int accepted = 0;
        long started = System.nanoTime();
        // the vendor console's bounded log of signed deliveries gains a row per refusal by design
        UnchangedDatabase database = new UnchangedDatabase(dataSource, processing, "vendor_delivery");
        for (int i = 0; i < cases; i++) {
            Mutator.Mutant mutant = mutator.mutate(i % 3 == 2 ? refund : sale);
            Delivery delivery = Delivery.pick(random);
            String violation = ReportContract.violation(mutant.body());
            boolean mayRecord = delivery == Delivery.SIGNED && violation == null && namesSomethingNew(mutant);
            String reproduce = "seed " + seed + ", case " + i + ": " + delivery + ", " + mutant.label() + "\n"
                    + abbreviated(mutant);
            if (mayRecord) {
                database.assertUnchanged(reproduce);
            }
            LoopbackCaller.Answer answer = send(delivery, mutant, random);
            statuses.merge(answer.status(), 1, Integer::sum);
            assertThat(answer.status()).as(reproduce + "\n" + answer.text()).isLessThan(500);
            if (answer.status() < 300) {
                assertThat(violation).as("wrongly accepted: " + reproduce).isNull();
                assertThat(delivery).as("accepted without a valid delivery: " + reproduce).isEqualTo(Delivery.SIGNED);
                accepted++;
            } else {
                assertThat(answer.text()).as(reproduce).contains("application/problem+json");
            }
            if (mayRecord) {
                database.accept();
            } else if ((i + 1) % CHECK_EVERY == 0) {
                database.assertUnchanged("cases up to " + i + " (seed " + seed + ")");
            }
        }
        database.assertUnchanged("the last cases (seed " + seed + ")");
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("vendor webhook fuzz (%s): %d cases, seed %d, %.1f s, answers %s, %d accepted, "
                + "%d whole-database checks, 0 5xx, 0 wrongly accepted, 0 refusals that changed the database%n",
                getClass().getSimpleName(), cases, seed, seconds, statuses, accepted, database.checks());
    }

    /**
     * Concurrent reports of one sale, each a delivery of its own (as a vendor's retrying workers send them), half with
     * one content and half with another: the sale is recorded once, with the content of the one answered 202; every
     * delivery of that content is answered 200 or 202 and every other 409. Then concurrent refunds of it, each sent
     * twice, for three times its amount in all: those accepted are recorded once each and never exceed the sale.
     */
    @Test
    void concurrentReportsOfOneSaleRecordItOnceAndConcurrentRefundsNeverExceedIt() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            for (int round = 0; round < 4; round++) {
                int thisRound = round;
                String saleId = "ord_concurrent_" + round;
                Instant completedAt = Instant.now();
                List<String> contents = List.of(
                        SigningVendor.saleCompleted(saleId, customer.customerRef(), "EUR", 10_000, 3_000L, completedAt),
                        SigningVendor.saleCompleted(saleId, customer.customerRef(), "EUR", 10_000, 3_001L,
                                completedAt));
                List<Callable<Integer>> reports = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    String body = contents.get(i % 2);
                    reports.add(() -> deliver(body));
                }
                List<Integer> statuses = all(threads, reports);
                List<Integer> recorded = new ArrayList<>();
                for (int i = 0; i < statuses.size(); i++) {
                    if (statuses.get(i) == 202) {
                        recorded.add(i % 2);
                    }
                }
                assertThat(recorded).as("round " + round + ": " + statuses).hasSize(1);
                int winner = recorded.get(0);
                for (int i = 0; i < statuses.size(); i++) {
                    assertThat(statuses.get(i)).as("round " + round + ", delivery " + i + ": " + statuses)
                            .isIn(i % 2 == winner ? List.of(200, 202) : List.of(409));
                }
                assertThat(eventsOf(saleId, "SaleReported")).isEqualTo(1);

                Instant refundedAt = Instant.now();
                List<Callable<Integer>> refunds = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    String refundId = "rf_" + thisRound + "_" + (i % 30);
                    String body = SigningVendor.saleRefunded(saleId, refundId, 1_000, refundedAt);
                    refunds.add(() -> deliver(body));
                }
                List<Integer> refundStatuses = all(threads, refunds);
                assertThat(refundStatuses).as("round " + round).isSubsetOf(200, 202, 422);
                long refundsRecorded = eventsOf(saleId, "SaleRefunded");
                assertThat(refundStatuses.stream().filter(status -> status == 202).count())
                        .isEqualTo(refundsRecorded);
                assertThat(refundsRecorded * 1_000).as("refunded at most the sale's amount").isLessThanOrEqualTo(10_000)
                        .as("every refund that fits was taken").isEqualTo(10_000);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** A new delivery of this report, sent again while the broker answers 503 (as vendors do): its last answer. */
    private int deliver(String body) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            int status = vendor.send(body).statusCode();
            if (status != 503 || attempt == 5) {
                return status;
            }
            Thread.sleep(50L * attempt);
        }
    }

    private static List<Integer> all(ExecutorService threads, List<Callable<Integer>> tasks) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> status : threads.invokeAll(tasks)) {
            statuses.add(status.get());
        }
        return statuses;
    }

    /** How a case is delivered: signed as the contract says, or with something outside the body wrong. */
    enum Delivery {
        SIGNED, WRONG_SECRET, MISSING_HEADER, ODD_HEADER, CONTENT_TYPE, UNKNOWN_VENDOR;

        static Delivery pick(Random random) {
            int roll = random.nextInt(100);
            return roll < 85 ? SIGNED : values()[1 + roll % (values().length - 1)];
        }
    }

    private LoopbackCaller.Answer send(Delivery delivery, Mutator.Mutant mutant, Random random) {
        String webhookId = SigningVendor.newWebhookId();
        long now = Instant.now().getEpochSecond();
        String text = new String(mutant.body(), StandardCharsets.UTF_8);
        String signingSecret = delivery == Delivery.WRONG_SECRET
                ? "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]) : secret;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", webhookId);
        headers.put("webhook-timestamp", Long.toString(now));
        headers.put("webhook-signature", SigningVendor.sign(signingSecret, webhookId, now, text));
        headers.put("Content-Type", "application/json");
        String path = "/webhooks/vendors/" + vendor.vendorId();
        switch (delivery) {
            case MISSING_HEADER -> headers.remove(List.copyOf(headers.keySet()).get(random.nextInt(3)));
            case ODD_HEADER -> {
                String header = List.of("webhook-id", "webhook-timestamp", "webhook-signature").get(random.nextInt(3));
                headers.put(header, List.of("x".repeat(129), "x".repeat(2000), "-1", "99999999999999999999999",
                        "1e9", Long.toString(now - 600), Long.toString(now + 600), "v1,", "v2," + "A".repeat(44),
                        " ", "\t", "é", "v1,not-base64!").get(random.nextInt(13)));
            }
            case CONTENT_TYPE -> headers.put("Content-Type", CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size())));
            case UNKNOWN_VENDOR -> path = List.of("/webhooks/vendors/no-such-vendor", "/webhooks/vendors/X",
                    "/webhooks/vendors/" + "a".repeat(64), "/webhooks/vendors/-a", "/webhooks/vendors/%C3%A9")
                    .get(random.nextInt(5));
            default -> {
            }
        }
        List<byte[]> lines = new ArrayList<>();
        headers.forEach((name, value) -> lines.add((name + ": " + value).getBytes(StandardCharsets.UTF_8)));
        // each case from an address of its own: the refusals that count against a source must not throttle the rest
        return LoopbackCaller.fresh(port).post(path, lines, mutant.body());
    }

    /** Whether the mutant is about another sale or refund than the recorded ones, so that it might be recorded. */
    private static boolean namesSomethingNew(Mutator.Mutant mutant) {
        try {
            JsonNode data = LENIENT.readTree(mutant.text()).path("data");
            boolean otherSale = !BASE_SALE.equals(data.path("saleId").asString(""));
            boolean refund = data.has("refundId");
            return otherSale || refund && !BASE_REFUND.equals(data.path("refundId").asString(""));
        } catch (RuntimeException unreadable) {
            return true;
        }
    }

    private Map<String, Object> baseSale() {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("description", "Winter boots");
        line.put("quantity", 1);
        line.put("amount", 12_999);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("saleId", BASE_SALE);
        data.put("customerRef", customer.customerRef());
        data.put("currency", "EUR");
        data.put("amount", 12_999);
        data.put("margin", 4_200);
        data.put("completedAt", Instant.now().toString());
        data.put("lines", new ArrayList<>(List.of(line)));
        return report("sale.completed", data);
    }

    private static Map<String, Object> baseRefund() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("saleId", BASE_SALE);
        data.put("refundId", BASE_REFUND);
        data.put("amount", 100);
        data.put("refundedAt", Instant.now().toString());
        return report("sale.refunded", data);
    }

    private static Map<String, Object> report(String type, Map<String, Object> data) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("type", type);
        report.put("timestamp", Instant.now().toString());
        report.put("data", data);
        return report;
    }

    private static String abbreviated(Mutator.Mutant mutant) {
        String text = mutant.text();
        return text.length() > 400 ? text.substring(0, 400) + "…(" + mutant.body().length + " bytes)" : text;
    }
}
