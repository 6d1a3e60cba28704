package org.ristourne.broker.subscribe.stripewebhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.ristourne.billing.standin.StripeEvents;
import org.ristourne.billing.standin.StripeFixtures;
import org.ristourne.billing.standin.StripeStandIn;
import org.ristourne.support.LoopbackCaller;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.fuzz.Mutator;
import org.ristourne.support.fuzz.UnchangedDatabase;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stripe's webhook fuzzed: seeded mutants of real Stripe events (checkouts, paid and failed invoices, subscriptions
 * changed and ended, from Stripe's own sample objects), most signed with our secret so that they pass
 * stripe-java's verification and reach the broker's reading of them, the others unsigned, stale or signed with
 * another secret. For every case: never a 5xx; an event answered 200 is kept once ({@code stripe_event}); an event
 * refused is not kept, and every other table is as it was. One case in twenty is about a customer whose checkout
 * completed, so that mutants reach the commands too; the database is checked whole before and after each of those.
 * Same context as {@link StripeWebhookIntegrationTest}.
 */
abstract class StripeWebhookFuzzIntegrationTest extends StripeWebhookContext {

    private static final int CHECK_EVERY = 250;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The answer's eventId, as a JSON string (the body may come in chunks: it is not parsed whole). */
    private static final java.util.regex.Pattern EVENT_ID =
            java.util.regex.Pattern.compile("\"eventId\":(\"(?:[^\"\\\\]|\\\\.)*\")");
    private static final List<String> TYPES = List.of("checkout.session.completed", "invoice.paid",
            "invoice.payment_failed", "customer.subscription.created", "customer.subscription.updated",
            "customer.subscription.deleted");

    abstract int defaultCases();

    @Test
    void noEventAnswers5xxAndEveryRefusalChangesNothing() {
        int cases = Integer.getInteger("ristourne.fuzz.cases", defaultCases());
        long seed = Long.getLong("ristourne.fuzz.seed", 20_261_127L);
        OperatorClient operator = new OperatorClient("http://127.0.0.1:" + port);
        String knownCustomer = operator.call("POST", "/operator/customers", "{}", 201).get("customerId").asString();
        String knownStripeCustomer = "cus_fuzz" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Map<String, Object> checkout = event("checkout.session.completed",
                checkout(knownCustomer, knownStripeCustomer));
        assertThat(post(Mutator.write(checkout).getBytes(StandardCharsets.UTF_8), true).status()).isEqualTo(200);
        String strangerStripeCustomer = "cus_stranger" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Map<String, Object>> known = bases(knownCustomer, knownStripeCustomer);
        Map<String, Map<String, Object>> strangers = bases("not-our-customer", strangerStripeCustomer);

        Mutator mutator = new Mutator(seed);
        Random random = mutator.random();
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        Set<String> newlyKept = new HashSet<>();
        String run = UUID.randomUUID().toString().substring(0, 8);
        long keptBefore = storedEvents();
        long started = System.nanoTime();
        // stripe_event keeps each event answered 200: counted apart
        UnchangedDatabase database = new UnchangedDatabase(dataSource, processing, "stripe_event");
        for (int i = 0; i < cases; i++) {
            boolean aboutKnown = i % 20 == 19;
            String type = TYPES.get(random.nextInt(TYPES.size()));
            Map<String, Object> base = (aboutKnown ? known : strangers).get(type);
            base.put("id", "evt_fuzz_" + run + "_" + i);
            Mutator.Mutant mutant = mutator.mutate(base);
            boolean signed = random.nextInt(100) < 85;
            String reproduce = "seed " + seed + ", case " + i + (signed ? ", signed: " : ", not signed: ")
                    + type + (aboutKnown ? " of our customer, " : ", ") + mutant.label();
            if (aboutKnown) {
                database.assertUnchanged(reproduce);
            }
            LoopbackCaller.Answer answer = post(mutant.body(), signed);
            statuses.merge(answer.status(), 1, Integer::sum);
            assertThat(answer.status()).as(reproduce + "\n" + answer.text()).isIn(200, 400, 413);
            if (answer.status() == 200) {
                assertThat(signed).as("accepted unsigned: " + reproduce).isTrue();
                java.util.regex.Matcher id = EVENT_ID.matcher(answer.text());
                assertThat(id.find()).as(answer.text()).isTrue();
                String eventId = JSON.readValue(id.group(1), String.class);
                assertThat(jdbc.queryForObject("select count(*) from stripe_event where event_id = ?", Integer.class,
                        eventId)).as("kept once: " + reproduce).isEqualTo(1);
                if (answer.text().contains("\"duplicate\":false")) {
                    newlyKept.add(eventId);
                }
            }
            if (aboutKnown) {
                database.accept();
            } else if ((i + 1) % CHECK_EVERY == 0) {
                database.assertUnchanged("cases up to " + i + " (seed " + seed + ")");
            }
        }
        database.assertUnchanged("the last cases (seed " + seed + ")");
        assertThat(storedEvents() - keptBefore).as("each event answered 200 kept once, no refused one")
                .isEqualTo((long) newlyKept.size());
        System.out.printf("Stripe webhook fuzz (%s): %d cases, seed %d, %.1f s, answers %s, %d events newly kept, "
                + "%d whole-database checks, 0 5xx, 0 refusals that changed the database%n",
                getClass().getSimpleName(), cases, seed, (System.nanoTime() - started) / 1e9, statuses,
                newlyKept.size(), database.checks());
    }

    private LoopbackCaller.Answer post(byte[] body, boolean signed) {
        String signature = signed ? StripeEvents.signature(new String(body, StandardCharsets.UTF_8),
                StripeStandIn.WEBHOOK_SECRET, Instant.now()) : "t=" + Instant.now().getEpochSecond() + ",v1=00";
        List<byte[]> headers = List.of("Content-Type: application/json; charset=utf-8".getBytes(StandardCharsets.UTF_8),
                ("Stripe-Signature: " + signature).getBytes(StandardCharsets.UTF_8));
        // each case from an address of its own: unsigned refusals count against their source
        return LoopbackCaller.fresh(port).post("/webhooks/stripe", headers, body);
    }

    /** One event of each type the broker acts on, about this customer. */
    private Map<String, Map<String, Object>> bases(String customerId, String stripeCustomerId) {
        Instant start = Instant.now().minus(Duration.ofDays(1));
        JsonObject invoice = StripeFixtures.object("invoice");
        invoice.addProperty("id", "in_fuzz" + UUID.randomUUID().toString().substring(0, 8));
        invoice.addProperty("customer", stripeCustomerId);
        invoice.addProperty("billing_reason", "subscription_cycle");
        invoice.addProperty("currency", "eur");
        invoice.addProperty("amount_paid", 990);
        invoice.addProperty("starting_balance", -300);
        invoice.addProperty("ending_balance", 0);
        JsonObject period = invoice.getAsJsonObject("lines").getAsJsonArray("data").get(0).getAsJsonObject()
                .getAsJsonObject("period");
        period.addProperty("start", start.getEpochSecond());
        period.addProperty("end", start.plus(Duration.ofDays(30)).getEpochSecond());
        JsonObject subscription = StripeFixtures.object("subscription");
        subscription.addProperty("id", "sub_fuzz" + UUID.randomUUID().toString().substring(0, 8));
        subscription.addProperty("customer", stripeCustomerId);
        subscription.addProperty("status", "active");
        Map<String, Map<String, Object>> bases = new java.util.HashMap<>();
        for (String type : TYPES) {
            JsonObject object = type.startsWith("checkout") ? checkout(customerId, stripeCustomerId)
                    : type.startsWith("invoice") ? invoice : subscription;
            bases.put(type, event(type, object));
        }
        return bases;
    }

    private static JsonObject checkout(String customerId, String stripeCustomerId) {
        JsonObject session = StripeFixtures.object("checkout_session");
        session.addProperty("id", "cs_fuzz" + UUID.randomUUID().toString().replace("-", ""));
        session.addProperty("mode", "subscription");
        session.addProperty("client_reference_id", customerId);
        session.addProperty("customer", stripeCustomerId);
        session.addProperty("currency", "eur");
        return session;
    }

    private static Map<String, Object> event(String type, JsonObject object) {
        String text = StripeEvents.event("evt_fuzz_" + UUID.randomUUID(), type, object, Instant.now());
        return JSON.readValue(text, new TypeReference<>() {
        });
    }

    private long storedEvents() {
        return jdbc.queryForObject("select count(*) from stripe_event", Long.class);
    }
}
