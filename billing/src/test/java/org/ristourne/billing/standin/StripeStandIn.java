package org.ristourne.billing.standin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.ristourne.billing.stripe.StripeSettings;

/**
 * Stripe, as far as Ristourne uses it, on a random local port: real HTTP, answers built from Stripe's own sample
 * objects ({@link StripeFixtures}), every request recorded for assertions. No Stripe server can run here, so tests
 * point a real stripe-java client at this.
 *
 * <p>What it does like Stripe: customers and their balance transactions (create, retrieve, list newest first with
 * {@code limit}/{@code starting_after}/{@code has_more}); idempotency keys (a POST with a key already used replays the
 * first answer with {@code Idempotent-Replayed: true}; the same key with other parameters is a 400
 * {@code idempotency_error}; only successful results are kept, as Stripe keeps none for a request that did not run);
 * Stripe's error envelope; 404 for a URL it does not know. What tests add: {@link #answerNext} fails requests before
 * they run, {@link #delayNext} runs them and answers late (Stripe did it, the client timed out),
 * {@link #expireIdempotencyKeys()} is 24 hours passing.
 */
public final class StripeStandIn implements AutoCloseable {

    public static final String SECRET_KEY = "sk_test_standin";
    public static final String WEBHOOK_SECRET = "whsec_standin";
    public static final String PRICE_ID = "price_standin";
    /** Short enough that a timeout test takes a second, long enough for a loaded build machine. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    private static final Pattern CUSTOMER = Pattern.compile("/v1/customers/([^/]+)");
    private static final Pattern BALANCE_TRANSACTIONS = Pattern.compile("/v1/customers/([^/]+)/balance_transactions");
    private static final Pattern BALANCE_TRANSACTION =
            Pattern.compile("/v1/customers/([^/]+)/balance_transactions/([^/]+)");

    private final WireMockServer server;
    private final Clock clock;
    private final AtomicLong ids = new AtomicLong();
    private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
    // Guarded by this.
    private final List<Trouble> troubles = new ArrayList<>();
    private final Map<String, JsonObject> customers = new LinkedHashMap<>();
    private final Map<String, List<JsonObject>> balanceTransactions = new HashMap<>();
    private final Map<String, Replay> idempotent = new HashMap<>();

    private StripeStandIn(Clock clock) {
        this.clock = clock;
        this.server = new WireMockServer(wireMockConfig().dynamicPort().extensions(new Answer())
                .disableRequestJournal());
    }

    public static StripeStandIn start() {
        return start(Clock.systemUTC());
    }

    public static StripeStandIn start(Clock clock) {
        StripeStandIn standIn = new StripeStandIn(clock);
        standIn.server.start();
        standIn.server.stubFor(any(anyUrl()).willReturn(aResponse()));
        return standIn;
    }

    public URI baseUrl() {
        return URI.create("http://localhost:" + server.port());
    }

    /** Settings that point billing here, with made-up keys and a short read timeout. */
    public StripeSettings settings() {
        return StripeSettings.of(SECRET_KEY, WEBHOOK_SECRET, PRICE_ID).withApiBase(baseUrl())
                .withTimeouts(Duration.ofSeconds(2), READ_TIMEOUT);
    }

    @Override
    public void close() {
        server.stop();
    }

    // ---- test set-up

    /** A customer Stripe knows, from Stripe's sample customer with this id. */
    public synchronized JsonObject givenCustomer(String customerId) {
        JsonObject customer = StripeFixtures.object("customer");
        customer.addProperty("id", customerId);
        customer.addProperty("balance", 0);
        customer.addProperty("created", now());
        customers.put(customerId, customer);
        return customer.deepCopy();
    }

    /** A balance transaction already on Stripe (made by someone else, or long ago), without a request. */
    public synchronized JsonObject givenBalanceTransaction(String customerId, long amount, String currency,
                                                           Map<String, String> metadata) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("amount", Long.toString(amount));
        params.put("currency", currency);
        metadata.forEach((key, value) -> params.put("metadata[" + key + "]", value));
        return createBalanceTransaction(requireCustomer(customerId), params).deepCopy();
    }

    /** The next {@code count} requests (of {@code method}, or any when null) answer {@code status} without running. */
    public void answerNext(int count, @Nullable String method, int status) {
        answerNext(count, ofMethod(method), status);
    }

    /** The next {@code count} requests that {@code which} picks answer {@code status} without running. */
    public synchronized void answerNext(int count, Predicate<RecordedRequest> which, int status) {
        troubles.add(new Trouble(which, count, status, Duration.ZERO));
    }

    /** The next {@code count} requests (of {@code method}, or any when null) run, and their answers come late. */
    public void delayNext(int count, @Nullable String method, Duration delay) {
        delayNext(count, ofMethod(method), delay);
    }

    /** The next {@code count} requests that {@code which} picks run, and their answers come late. */
    public synchronized void delayNext(int count, Predicate<RecordedRequest> which, Duration delay) {
        troubles.add(new Trouble(which, count, 0, delay));
    }

    private static Predicate<RecordedRequest> ofMethod(@Nullable String method) {
        return request -> method == null || method.equals(request.method());
    }

    /** 24 hours pass: Stripe has forgotten every idempotency key. */
    public synchronized void expireIdempotencyKeys() {
        idempotent.clear();
    }

    // ---- what tests assert

    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public List<RecordedRequest> requests(String method, String path) {
        return requests().stream().filter(r -> r.is(method, path)).toList();
    }

    /** The customer's balance transactions as Stripe holds them, oldest first. */
    public synchronized List<JsonObject> balanceTransactions(String customerId) {
        return balanceTransactions.getOrDefault(customerId, List.of()).stream().map(JsonObject::deepCopy).toList();
    }

    public synchronized JsonObject customer(String customerId) {
        return requireCustomer(customerId).deepCopy();
    }

    // ---- Stripe's behaviour

    private synchronized Answered handle(RecordedRequest request) {
        Trouble trouble = nextTrouble(request);
        if (trouble != null && trouble.status() != 0) {
            return error(trouble.status(), trouble.status() >= 500 ? "api_error" : "invalid_request_error",
                    trouble.status() == 429 ? "rate_limit" : null,
                    "Stand-in answers " + trouble.status() + " as told.").delayed(trouble.delay());
        }
        Duration delay = trouble == null ? Duration.ZERO : trouble.delay();
        String key = request.idempotencyKey();
        if ("POST".equals(request.method()) && key != null) {
            String fingerprint = request.path() + " " + new TreeMap<>(request.params());
            Replay earlier = idempotent.get(key);
            if (earlier != null) {
                if (!earlier.fingerprint().equals(fingerprint)) {
                    return error(400, "idempotency_error", null, "Keys for idempotent requests can only be used"
                            + " with the same parameters they were first used with. Try using a key other than '"
                            + key + "' if you meant to execute a different request.").delayed(delay);
                }
                return new Answered(earlier.status(), earlier.body(), true, delay);
            }
            Answered answered = route(request).delayed(delay);
            if (answered.status() < 400) {
                idempotent.put(key, new Replay(fingerprint, answered.status(), answered.body()));
            }
            return answered;
        }
        return route(request).delayed(delay);
    }

    private @Nullable Trouble nextTrouble(RecordedRequest request) {
        for (Iterator<Trouble> it = troubles.iterator(); it.hasNext(); ) {
            Trouble trouble = it.next();
            if (trouble.which().test(request)) {
                it.remove();
                if (trouble.count() > 1) {
                    troubles.add(0, trouble.less());
                }
                return trouble;
            }
        }
        return null;
    }

    private Answered route(RecordedRequest request) {
        String path = request.path();
        Matcher m;
        if ((m = BALANCE_TRANSACTION.matcher(path)).matches() && request.method().equals("GET")) {
            JsonObject customer = customers.get(m.group(1));
            if (customer == null) {
                return noSuch("customer", m.group(1));
            }
            String id = m.group(2);
            return balanceTransactions.getOrDefault(m.group(1), List.of()).stream()
                    .filter(t -> t.get("id").getAsString().equals(id)).findFirst()
                    .map(t -> ok(t)).orElseGet(() -> noSuch("customer balance transaction", id));
        }
        if ((m = BALANCE_TRANSACTIONS.matcher(path)).matches()) {
            JsonObject customer = customers.get(m.group(1));
            if (customer == null) {
                return noSuch("customer", m.group(1));
            }
            return switch (request.method()) {
                case "POST" -> createBalanceTransactionAnswer(customer, request.params());
                case "GET" -> list(path, balanceTransactions.getOrDefault(m.group(1), List.of()), request.params());
                default -> unrecognised(request);
            };
        }
        if ((m = CUSTOMER.matcher(path)).matches() && request.method().equals("GET")) {
            JsonObject customer = customers.get(m.group(1));
            return customer == null ? noSuch("customer", m.group(1)) : ok(customer);
        }
        if (path.equals("/v1/customers") && request.method().equals("POST")) {
            JsonObject customer = givenCustomer("cus_standin" + ids.incrementAndGet());
            String id = customer.get("id").getAsString();
            JsonObject stored = customers.get(id);
            copyIfPresent(request.params(), "email", stored);
            copyIfPresent(request.params(), "name", stored);
            stored.add("metadata", metadata(request.params()));
            return ok(stored);
        }
        return unrecognised(request);
    }

    private Answered createBalanceTransactionAnswer(JsonObject customer, Map<String, String> params) {
        if (!params.containsKey("amount") || !params.containsKey("currency")) {
            return error(400, "invalid_request_error", "parameter_missing",
                    "Missing required param: " + (params.containsKey("amount") ? "currency" : "amount") + ".");
        }
        long amount;
        try {
            amount = Long.parseLong(params.get("amount"));
        } catch (NumberFormatException e) {
            return error(400, "invalid_request_error", "parameter_invalid_integer",
                    "Invalid integer: " + params.get("amount"));
        }
        if (amount == 0) {
            return error(400, "invalid_request_error", null, "The amount must not be zero.");
        }
        return ok(createBalanceTransaction(customer, params));
    }

    private JsonObject createBalanceTransaction(JsonObject customer, Map<String, String> params) {
        String customerId = customer.get("id").getAsString();
        long amount = Long.parseLong(params.get("amount"));
        long endingBalance = customer.get("balance").getAsLong() + amount;
        customer.addProperty("balance", endingBalance);
        JsonObject transaction = StripeFixtures.object("customer_balance_transaction");
        transaction.addProperty("id", "cbtxn_standin" + ids.incrementAndGet());
        transaction.addProperty("customer", customerId);
        transaction.addProperty("amount", amount);
        transaction.addProperty("currency", params.get("currency"));
        transaction.addProperty("created", now());
        transaction.addProperty("ending_balance", endingBalance);
        transaction.addProperty("type", "adjustment");
        if (params.containsKey("description")) {
            transaction.addProperty("description", params.get("description"));
        }
        transaction.add("metadata", metadata(params));
        balanceTransactions.computeIfAbsent(customerId, c -> new ArrayList<>()).add(transaction);
        return transaction;
    }

    /** Stripe's list: newest first, {@code limit} 1 to 100 (default 10), {@code starting_after} an id. */
    private static Answered list(String path, List<JsonObject> oldestFirst, Map<String, String> params) {
        List<JsonObject> newestFirst = new ArrayList<>(oldestFirst);
        Collections.reverse(newestFirst);
        int limit = Integer.parseInt(params.getOrDefault("limit", "10"));
        if (limit < 1 || limit > 100) {
            return error(400, "invalid_request_error", null, "Invalid limit: must be between 1 and 100");
        }
        int from = 0;
        String after = params.get("starting_after");
        if (after != null) {
            from = -1;
            for (int i = 0; i < newestFirst.size(); i++) {
                if (newestFirst.get(i).get("id").getAsString().equals(after)) {
                    from = i + 1;
                }
            }
            if (from < 0) {
                return noSuch("object", after);
            }
        }
        int to = Math.min(newestFirst.size(), from + limit);
        JsonArray data = new JsonArray();
        newestFirst.subList(from, to).forEach(data::add);
        JsonObject page = new JsonObject();
        page.addProperty("object", "list");
        page.add("data", data);
        page.addProperty("has_more", to < newestFirst.size());
        page.addProperty("url", path);
        return ok(page);
    }

    private JsonObject requireCustomer(String customerId) {
        JsonObject customer = customers.get(customerId);
        if (customer == null) {
            throw new IllegalArgumentException("the stand-in knows no customer " + customerId);
        }
        return customer;
    }

    private static JsonObject metadata(Map<String, String> params) {
        JsonObject metadata = new JsonObject();
        params.forEach((name, value) -> {
            if (name.startsWith("metadata[") && name.endsWith("]")) {
                metadata.addProperty(name.substring("metadata[".length(), name.length() - 1), value);
            }
        });
        return metadata;
    }

    private static void copyIfPresent(Map<String, String> params, String name, JsonObject target) {
        if (params.containsKey(name)) {
            target.addProperty(name, params.get(name));
        } else {
            target.add(name, JsonNull.INSTANCE);
        }
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private static Answered ok(JsonObject body) {
        return new Answered(200, body.toString(), false, Duration.ZERO);
    }

    private static Answered noSuch(String what, String id) {
        return error(404, "invalid_request_error", "resource_missing", "No such " + what + ": '" + id + "'");
    }

    private static Answered unrecognised(RecordedRequest request) {
        return error(404, "invalid_request_error", null,
                "Unrecognized request URL (" + request.method() + ": " + request.path() + ").");
    }

    private static Answered error(int status, String type, @Nullable String code, String message) {
        JsonObject error = new JsonObject();
        error.addProperty("type", type);
        error.addProperty("message", message);
        if (code != null) {
            error.addProperty("code", code);
        }
        JsonObject body = new JsonObject();
        body.add("error", error);
        return new Answered(status, body.toString(), false, Duration.ZERO);
    }

    static Map<String, String> decode(@Nullable String formOrQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (formOrQuery == null || formOrQuery.isEmpty()) {
            return params;
        }
        for (String pair : formOrQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(name, value);
        }
        return params;
    }

    private static RecordedRequest record(Request request) {
        URI url = URI.create(request.getUrl());
        Map<String, String> params = new LinkedHashMap<>(decode(url.getRawQuery()));
        params.putAll(decode(request.getBodyAsString()));
        Map<String, String> headers = new LinkedHashMap<>();
        for (HttpHeader header : request.getHeaders().all()) {
            headers.put(header.key(), header.firstValue());
        }
        return new RecordedRequest(request.getMethod().getName(), url.getRawPath(), Map.copyOf(params),
                Collections.unmodifiableMap(headers));
    }

    private record Trouble(Predicate<RecordedRequest> which, int count, int status, Duration delay) {

        Trouble less() {
            return new Trouble(which, count - 1, status, delay);
        }
    }

    private record Replay(String fingerprint, int status, String body) {
    }

    private record Answered(int status, String body, boolean replayed, Duration delay) {

        Answered delayed(Duration by) {
            return new Answered(status, body, replayed, by);
        }
    }

    /** Answers every request through {@link #handle}; WireMock only carries the HTTP. */
    private final class Answer implements ResponseDefinitionTransformerV2 {

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            RecordedRequest request = record(serveEvent.getRequest());
            requests.add(request);
            Answered answered = handle(request);
            ResponseDefinitionBuilder response = aResponse().withStatus(answered.status())
                    .withHeader("Content-Type", "application/json")
                    .withHeader("Request-Id", "req_standin" + ids.incrementAndGet())
                    .withBody(answered.body());
            if (answered.replayed()) {
                response.withHeader("Idempotent-Replayed", "true");
            }
            if (!answered.delay().isZero()) {
                response.withFixedDelay(Math.toIntExact(answered.delay().toMillis()));
            }
            return response.build();
        }

        @Override
        public String getName() {
            return "stripe-stand-in";
        }
    }
}
