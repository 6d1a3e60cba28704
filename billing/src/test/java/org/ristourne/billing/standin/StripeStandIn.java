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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * <p>What it does like Stripe: customers (create, retrieve, list filtered by {@code email}) and their balance
 * transactions (create, retrieve, list newest first with
 * {@code limit}/{@code starting_after}/{@code has_more}); checkout sessions (create, retrieve); invoice items and
 * invoices (create with metadata and a {@code due_date} or {@code days_until_due}, refused for a customer without an
 * email when sent by email, add pending items or items named to a draft, finalize, send, retrieve, list a customer's
 * with Stripe's list semantics, invoice items filtered by {@code pending} or {@code invoice}; {@link #markPaid} for the
 * vendor paying); Connect transfers to connected accounts a test gives it (create, retrieve, list newest
 * first filtered by {@code destination}); prices and other objects a test gives it
 * (retrieve; {@link #PRICE_ID} is known from the start); idempotency keys (a POST with a key already used replays the
 * first answer with {@code Idempotent-Replayed: true}; the same key with other parameters is a 400
 * {@code idempotency_error}; only successful results are kept, as Stripe keeps none for a request that did not run);
 * Stripe's error envelope; 404 for a URL it does not know. What tests add: {@link #answerNext} fails requests before
 * they run, {@link #delayNext} runs them and answers late (Stripe did it, the client timed out),
 * {@link #expireIdempotencyKeys()} is 24 hours passing.
 */
public final class StripeStandIn implements AutoCloseable {

    /** The API version stripe-java pins and sends as {@code Stripe-Version}, for tests outside billing. */
    public static final String API_VERSION = com.stripe.Stripe.API_VERSION;
    public static final String SECRET_KEY = "sk_test_standin";
    public static final String WEBHOOK_SECRET = "whsec_standin";
    public static final String PRICE_ID = "price_standin";
    /** Short enough that a timeout test takes a second, long enough for a loaded build machine. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    private static final Pattern CUSTOMER = Pattern.compile("/v1/customers/([^/]+)");
    private static final Pattern BALANCE_TRANSACTIONS = Pattern.compile("/v1/customers/([^/]+)/balance_transactions");
    private static final Pattern OBJECT =
            Pattern.compile("/v1/(checkout/sessions|invoiceitems|invoices|prices|subscriptions)/([^/]+)");
    private static final Pattern FINALIZE = Pattern.compile("/v1/invoices/([^/]+)/finalize");
    private static final Pattern SEND = Pattern.compile("/v1/invoices/([^/]+)/send");
    private static final Map<String, String> OBJECT_TYPES = Map.of("checkout/sessions", "checkout.session",
            "invoiceitems", "invoiceitem", "invoices", "invoice", "prices", "price", "subscriptions", "subscription");
    private static final Pattern BALANCE_TRANSACTION =
            Pattern.compile("/v1/customers/([^/]+)/balance_transactions/([^/]+)");
    private static final Pattern TRANSFER = Pattern.compile("/v1/transfers/([^/]+)");

    private final WireMockServer server;
    private final Clock clock;
    private final AtomicLong ids = new AtomicLong();
    private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
    // Guarded by this.
    private final List<Trouble> troubles = new ArrayList<>();
    private final Map<String, JsonObject> customers = new LinkedHashMap<>();
    private final Map<String, List<JsonObject>> balanceTransactions = new HashMap<>();
    private final Map<String, Replay> idempotent = new HashMap<>();
    /** Connect transfers, oldest first; connected accounts they may go to. */
    private final List<JsonObject> transfers = new ArrayList<>();
    private final Set<String> connectedAccounts = new LinkedHashSet<>();
    /** Checkout sessions, invoice items, invoices, prices, subscriptions: by id, in creation order. */
    private final Map<String, JsonObject> objects = new LinkedHashMap<>();
    /** How many times each invoice was sent ({@code POST /v1/invoices/{id}/send}); Stripe's object does not say. */
    private final Map<String, Integer> sends = new HashMap<>();

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
        standIn.givenPrice(PRICE_ID, 990, "eur", "month");
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

    /** A customer Stripe knows, from Stripe's sample customer with this id, and an email to send invoices to. */
    public JsonObject givenCustomer(String customerId) {
        return givenCustomer(customerId, customerId + "@example.com");
    }

    /** A customer Stripe knows; without an email Stripe refuses to create invoices sent to it. */
    public synchronized JsonObject givenCustomer(String customerId, @Nullable String email) {
        JsonObject customer = StripeFixtures.object("customer");
        customer.addProperty("id", customerId);
        customer.addProperty("email", email);
        customer.addProperty("balance", 0);
        customer.addProperty("created", now());
        customers.put(customerId, customer);
        return customer.deepCopy();
    }

    /** A recurring price Stripe knows, from Stripe's sample price. */
    public synchronized JsonObject givenPrice(String priceId, long unitAmount, String currency, String interval) {
        JsonObject price = StripeFixtures.object("price");
        price.addProperty("id", priceId);
        price.addProperty("unit_amount", unitAmount);
        price.addProperty("unit_amount_decimal", Long.toString(unitAmount));
        price.addProperty("currency", currency);
        price.getAsJsonObject("recurring").addProperty("interval", interval);
        price.getAsJsonObject("recurring").addProperty("interval_count", 1);
        objects.put(priceId, price);
        return price.deepCopy();
    }

    /** Any other object Stripe holds (a subscription, say), answered by GET on its usual path. */
    public synchronized void givenObject(JsonObject object) {
        objects.put(object.get("id").getAsString(), object.deepCopy());
    }

    /** An object the stand-in holds (checkout session, invoice, invoice item, price, subscription), by id. */
    public synchronized JsonObject object(String id) {
        JsonObject object = objects.get(id);
        if (object == null) {
            throw new IllegalArgumentException("the stand-in holds no object " + id);
        }
        return object.deepCopy();
    }

    /**
     * The vendor pays: an open invoice becomes {@code paid}, as Stripe holds it when it sends {@code invoice.paid}.
     * The answer is the event's object: wrap it with {@link StripeEvents#event} and sign it to deliver the event.
     */
    public synchronized JsonObject markPaid(String invoiceId) {
        JsonObject invoice = objects.get(invoiceId);
        if (invoice == null || !"invoice".equals(invoice.get("object").getAsString())) {
            throw new IllegalArgumentException("the stand-in holds no invoice " + invoiceId);
        }
        if (!"open".equals(invoice.get("status").getAsString())) {
            throw new IllegalStateException("invoice " + invoiceId + " is " + invoice.get("status").getAsString()
                    + "; Stripe takes payment of open invoices only");
        }
        invoice.addProperty("status", "paid");
        invoice.addProperty("amount_paid", invoice.get("amount_due").getAsLong());
        invoice.addProperty("amount_remaining", 0);
        invoice.getAsJsonObject("status_transitions").addProperty("paid_at", now());
        return invoice.deepCopy();
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

    /** A Stripe Connect account of the platform's that transfers may go to ({@code acct_…}). */
    public synchronized void givenConnectedAccount(String accountId) {
        connectedAccounts.add(accountId);
    }

    /** A transfer already made to a connected account (by someone else, or long ago), without a request. */
    public synchronized void givenTransfer(String destination, long amount, String currency,
                                           Map<String, String> metadata) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("amount", Long.toString(amount));
        params.put("currency", currency);
        params.put("destination", destination);
        metadata.forEach((key, value) -> params.put("metadata[" + key + "]", value));
        if (createTransfer(params).status() != 200) {
            throw new IllegalArgumentException("the stand-in cannot make that transfer: " + params);
        }
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

    /** The transfers Stripe made to the connected account, oldest first. */
    public synchronized List<JsonObject> transfers(String destination) {
        return transfers.stream().filter(t -> t.get("destination").getAsString().equals(destination))
                .map(JsonObject::deepCopy).toList();
    }

    public synchronized JsonObject customer(String customerId) {
        return requireCustomer(customerId).deepCopy();
    }

    /** The customers Stripe holds, oldest first: those a test gave and those created by requests. */
    public synchronized List<JsonObject> customers() {
        return customers.values().stream().map(JsonObject::deepCopy).toList();
    }

    /** The customer's invoices as Stripe holds them, oldest first. */
    public synchronized List<JsonObject> invoices(String customerId) {
        return ofCustomer("invoice", customerId).stream().map(JsonObject::deepCopy).toList();
    }

    /** The customer's invoice items, pending or on an invoice, oldest first. */
    public synchronized List<JsonObject> invoiceItems(String customerId) {
        return ofCustomer("invoiceitem", customerId).stream().map(JsonObject::deepCopy).toList();
    }

    /** How many times the invoice was sent to its customer. */
    public synchronized int timesSent(String invoiceId) {
        return sends.getOrDefault(invoiceId, 0);
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
        if ((m = OBJECT.matcher(path)).matches() && request.method().equals("GET")) {
            return retrieve(m.group(1), m.group(2));
        }
        if (path.equals("/v1/transfers")) {
            return switch (request.method()) {
                case "POST" -> createTransfer(request.params());
                case "GET" -> list(path, transfers.stream().filter(t -> !request.params().containsKey("destination")
                        || t.get("destination").getAsString().equals(request.params().get("destination")))
                        .toList(), request.params());
                default -> unrecognised(request);
            };
        }
        if ((m = TRANSFER.matcher(path)).matches() && request.method().equals("GET")) {
            String id = m.group(1);
            return transfers.stream().filter(t -> t.get("id").getAsString().equals(id)).findFirst()
                    .map(StripeStandIn::ok).orElseGet(() -> noSuch("transfer", id));
        }
        if (path.equals("/v1/checkout/sessions") && request.method().equals("POST")) {
            return createCheckoutSession(request.params());
        }
        if (path.equals("/v1/invoiceitems") && request.method().equals("POST")) {
            return createInvoiceItem(request.params());
        }
        if (path.equals("/v1/invoices") && request.method().equals("POST")) {
            return createInvoice(request.params());
        }
        if ((m = FINALIZE.matcher(path)).matches() && request.method().equals("POST")) {
            return finalizeInvoice(m.group(1));
        }
        if ((m = SEND.matcher(path)).matches() && request.method().equals("POST")) {
            return sendInvoice(m.group(1));
        }
        if (path.equals("/v1/invoices") && request.method().equals("GET")) {
            return listOfCustomer(path, "invoice", request.params(), o -> true);
        }
        if (path.equals("/v1/invoiceitems") && request.method().equals("GET")) {
            String pending = request.params().get("pending");
            String invoice = request.params().get("invoice");
            return listOfCustomer(path, "invoiceitem", request.params(), item ->
                    (pending == null || Boolean.parseBoolean(pending) == item.get("invoice").isJsonNull())
                            && (invoice == null || (!item.get("invoice").isJsonNull()
                            && invoice.equals(item.get("invoice").getAsString()))));
        }
        if (path.equals("/v1/customers") && request.method().equals("GET")) {
            // Stripe's filter is exact and case-sensitive; without it, every customer of the account.
            String email = request.params().get("email");
            return list(path, customers.values().stream().filter(c -> email == null
                    || (!c.get("email").isJsonNull() && email.equals(c.get("email").getAsString()))).toList(),
                    request.params());
        }
        if (path.equals("/v1/customers") && request.method().equals("POST")) {
            JsonObject customer = givenCustomer("cus_standin" + ids.incrementAndGet());
            String id = customer.get("id").getAsString();
            JsonObject stored = customers.get(id);
            copyIfPresent(request.params(), "email", stored);
            copyIfPresent(request.params(), "name", stored);
            copyIfPresent(request.params(), "description", stored);
            stored.add("metadata", metadata(request.params()));
            return ok(stored);
        }
        return unrecognised(request);
    }

    private Answered retrieve(String collection, String id) {
        JsonObject object = objects.get(id);
        String type = OBJECT_TYPES.get(collection);
        if (object == null || !object.get("object").getAsString().equals(type)) {
            return noSuch(type, id);
        }
        return ok(object);
    }

    /** Checkout in subscription or payment mode; the session stays open until a test completes it. */
    private Answered createCheckoutSession(Map<String, String> params) {
        String mode = params.get("mode");
        if (mode == null) {
            return error(400, "invalid_request_error", "parameter_missing", "Missing required param: mode.");
        }
        String customer = params.get("customer");
        if (customer != null && !customers.containsKey(customer)) {
            return noSuch("customer", customer);
        }
        String price = params.get("line_items[0][price]");
        if (price != null && !objects.containsKey(price)) {
            return noSuch("price", price);
        }
        JsonObject session = StripeFixtures.object("checkout.session");
        String id = "cs_test_standin" + ids.incrementAndGet();
        session.addProperty("id", id);
        session.addProperty("mode", mode);
        session.addProperty("created", now());
        session.addProperty("expires_at", now() + Duration.ofHours(24).toSeconds());
        session.addProperty("status", "open");
        session.addProperty("payment_status", "unpaid");
        session.add("payment_intent", JsonNull.INSTANCE);
        session.add("subscription", JsonNull.INSTANCE);
        session.add("invoice", JsonNull.INSTANCE);
        session.addProperty("url", baseUrl() + "/checkout/" + id);
        copyIfPresent(params, "customer", session);
        copyIfPresent(params, "customer_email", session);
        copyIfPresent(params, "client_reference_id", session);
        copyIfPresent(params, "success_url", session);
        copyIfPresent(params, "cancel_url", session);
        session.add("metadata", metadata(params));
        objects.put(id, session);
        return ok(session);
    }

    /** A pending invoice item, or one added to a draft invoice named by {@code invoice}. */
    private Answered createInvoiceItem(Map<String, String> params) {
        String customer = params.get("customer");
        if (customer == null) {
            return error(400, "invalid_request_error", "parameter_missing", "Missing required param: customer.");
        }
        if (!customers.containsKey(customer)) {
            return noSuch("customer", customer);
        }
        if (!params.containsKey("amount") || !params.containsKey("currency")) {
            return error(400, "invalid_request_error", "parameter_missing", "Missing required param: "
                    + (params.containsKey("amount") ? "currency" : "amount") + ".");
        }
        String invoiceId = params.get("invoice");
        JsonObject invoice = invoiceId == null ? null : objects.get(invoiceId);
        if (invoiceId != null && (invoice == null || !"draft".equals(invoice.get("status").getAsString()))) {
            return invoice == null ? noSuch("invoice", invoiceId) : error(400, "invalid_request_error", null,
                    "Invoice " + invoiceId + " is not a draft; items can only be added to drafts.");
        }
        JsonObject item = StripeFixtures.object("invoiceitem");
        String id = "ii_standin" + ids.incrementAndGet();
        long amount = Long.parseLong(params.get("amount"));
        item.addProperty("id", id);
        item.addProperty("customer", customer);
        item.addProperty("amount", amount);
        item.addProperty("net_amount", amount);
        item.addProperty("currency", params.get("currency"));
        item.addProperty("date", now());
        item.addProperty("quantity", 1);
        item.addProperty("quantity_decimal", "1");
        item.add("parent", JsonNull.INSTANCE);
        item.add("pricing", JsonNull.INSTANCE);
        copyIfPresent(params, "description", item);
        item.add("metadata", metadata(params));
        item.add("invoice", JsonNull.INSTANCE);
        objects.put(id, item);
        if (invoice != null) {
            attach(invoice, item);
        }
        return ok(item);
    }

    /**
     * A draft invoice. With {@code pending_invoice_items_behavior=include} it takes the customer's pending items in
     * its currency; Stripe's default, as in recent API versions, is to take none.
     */
    private Answered createInvoice(Map<String, String> params) {
        String customer = params.get("customer");
        if (customer == null || !customers.containsKey(customer)) {
            return customer == null
                    ? error(400, "invalid_request_error", "parameter_missing", "Missing required param: customer.")
                    : noSuch("customer", customer);
        }
        String collection = params.getOrDefault("collection_method", "charge_automatically");
        if ("send_invoice".equals(collection) && !params.containsKey("days_until_due")
                && !params.containsKey("due_date")) {
            return error(400, "invalid_request_error", null,
                    "Invoices with collection_method=send_invoice need days_until_due or due_date.");
        }
        if ("send_invoice".equals(collection) && customers.get(customer).get("email").isJsonNull()) {
            return error(400, "invalid_request_error", null, "Missing email. In order to create invoices that are"
                    + " sent to the customer, the customer must have a valid email.");
        }
        JsonObject invoice = StripeFixtures.object("invoice");
        String id = "in_standin" + ids.incrementAndGet();
        invoice.addProperty("id", id);
        invoice.addProperty("customer", customer);
        invoice.addProperty("created", now());
        invoice.addProperty("status", "draft");
        invoice.addProperty("collection_method", collection);
        invoice.addProperty("currency", params.getOrDefault("currency", "eur"));
        invoice.addProperty("auto_advance", Boolean.parseBoolean(params.getOrDefault("auto_advance", "false")));
        invoice.add("due_date", JsonNull.INSTANCE);
        invoice.add("number", JsonNull.INSTANCE);
        invoice.add("hosted_invoice_url", JsonNull.INSTANCE);
        invoice.add("parent", JsonNull.INSTANCE);
        invoice.add("from_invoice", JsonNull.INSTANCE);
        invoice.add("last_finalization_error", JsonNull.INSTANCE);
        invoice.addProperty("amount_overpaid", 0);
        copyIfPresent(params, "description", invoice);
        if (params.containsKey("days_until_due")) {
            invoice.addProperty("days_until_due", Long.parseLong(params.get("days_until_due")));
        }
        if (params.containsKey("due_date")) {
            invoice.addProperty("due_date", Long.parseLong(params.get("due_date")));
        }
        invoice.add("customer_email", customers.get(customer).get("email"));
        invoice.add("metadata", metadata(params));
        invoice.add("lines", emptyList("/v1/invoices/" + id + "/lines"));
        setTotal(invoice, 0);
        objects.put(id, invoice);
        if ("include".equals(params.get("pending_invoice_items_behavior"))) {
            String currency = invoice.get("currency").getAsString();
            objects.values().stream()
                    .filter(o -> "invoiceitem".equals(o.get("object").getAsString()))
                    .filter(o -> customer.equals(o.get("customer").getAsString()) && o.get("invoice").isJsonNull())
                    .filter(o -> currency.equals(o.get("currency").getAsString()))
                    .toList().forEach(item -> attach(invoice, item));
        }
        return ok(invoice);
    }

    private Answered finalizeInvoice(String id) {
        JsonObject invoice = objects.get(id);
        if (invoice == null || !"invoice".equals(invoice.get("object").getAsString())) {
            return noSuch("invoice", id);
        }
        if (!"draft".equals(invoice.get("status").getAsString())) {
            return error(400, "invalid_request_error", "invoice_not_editable",
                    "This invoice is already finalized, you can't re-finalize a non-draft invoice.");
        }
        long finalizedAt = now();
        invoice.addProperty("status", "open");
        invoice.addProperty("number", "STANDIN-" + ids.incrementAndGet());
        invoice.addProperty("hosted_invoice_url", baseUrl() + "/invoice/" + id);
        invoice.addProperty("effective_at", finalizedAt);
        invoice.getAsJsonObject("status_transitions").addProperty("finalized_at", finalizedAt);
        if (invoice.has("days_until_due")) {
            invoice.addProperty("due_date",
                    finalizedAt + Duration.ofDays(invoice.get("days_until_due").getAsLong()).toSeconds());
        }
        return ok(invoice);
    }

    /** Sends an open (or paid, as a receipt) invoice by email; Stripe refuses to send a draft. */
    private Answered sendInvoice(String id) {
        JsonObject invoice = objects.get(id);
        if (invoice == null || !"invoice".equals(invoice.get("object").getAsString())) {
            return noSuch("invoice", id);
        }
        String status = invoice.get("status").getAsString();
        if (!"open".equals(status) && !"paid".equals(status)) {
            return error(400, "invalid_request_error", null,
                    "You can only send an invoice that is open or paid; this one is " + status + ".");
        }
        sends.merge(id, 1, Integer::sum);
        return ok(invoice);
    }

    private List<JsonObject> ofCustomer(String type, String customerId) {
        return objects.values().stream().filter(o -> type.equals(o.get("object").getAsString()))
                .filter(o -> customerId.equals(o.get("customer").getAsString())).toList();
    }

    /** Stripe's list of a customer's invoices or invoice items, {@code customer} required here. */
    private Answered listOfCustomer(String path, String type, Map<String, String> params,
                                    Predicate<JsonObject> which) {
        String customer = params.get("customer");
        if (customer == null) {
            // Stripe lists the whole account without it; nothing in Ristourne should ask for that.
            return error(400, "invalid_request_error", "parameter_missing",
                    "The stand-in lists " + type + "s of one customer only: give customer.");
        }
        if (!customers.containsKey(customer)) {
            return noSuch("customer", customer);
        }
        return list(path, ofCustomer(type, customer).stream().filter(which).toList(), params);
    }

    private void attach(JsonObject invoice, JsonObject item) {
        String invoiceId = invoice.get("id").getAsString();
        item.addProperty("invoice", invoiceId);
        JsonObject line = new JsonObject();
        line.addProperty("id", "il_standin" + ids.incrementAndGet());
        line.addProperty("object", "line_item");
        line.addProperty("amount", item.get("amount").getAsLong());
        line.addProperty("currency", item.get("currency").getAsString());
        line.add("description", item.get("description"));
        line.addProperty("invoice", invoiceId);
        line.add("metadata", item.get("metadata").deepCopy());
        line.addProperty("livemode", false);
        line.addProperty("quantity", 1);
        JsonObject lines = invoice.getAsJsonObject("lines");
        lines.getAsJsonArray("data").add(line);
        lines.addProperty("total_count", lines.getAsJsonArray("data").size());
        setTotal(invoice, invoice.get("total").getAsLong() + item.get("amount").getAsLong());
    }

    private static void setTotal(JsonObject invoice, long total) {
        for (String field : List.of("subtotal", "subtotal_excluding_tax", "total", "total_excluding_tax",
                "amount_due", "amount_remaining")) {
            invoice.addProperty(field, total);
        }
        invoice.addProperty("amount_paid", 0);
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

    /**
     * A transfer as Stripe documents the object (there is no transfer among the samples in test resources): from the
     * platform's balance to a connected account the stand-in was given, positive amount, never reversed here.
     */
    private Answered createTransfer(Map<String, String> params) {
        for (String required : List.of("amount", "currency", "destination")) {
            if (!params.containsKey(required)) {
                return error(400, "invalid_request_error", "parameter_missing",
                        "Missing required param: " + required + ".");
            }
        }
        long amount;
        try {
            amount = Long.parseLong(params.get("amount"));
        } catch (NumberFormatException e) {
            return error(400, "invalid_request_error", "parameter_invalid_integer",
                    "Invalid integer: " + params.get("amount"));
        }
        if (amount <= 0) {
            return error(400, "invalid_request_error", null, "Amount must be greater than zero.");
        }
        String destination = params.get("destination");
        if (!connectedAccounts.contains(destination)) {
            return error(400, "invalid_request_error", null, "No such destination: '" + destination + "'");
        }
        String id = "tr_standin" + ids.incrementAndGet();
        JsonObject transfer = new JsonObject();
        transfer.addProperty("id", id);
        transfer.addProperty("object", "transfer");
        transfer.addProperty("amount", amount);
        transfer.addProperty("amount_reversed", 0);
        transfer.addProperty("balance_transaction", "txn_standin" + ids.incrementAndGet());
        transfer.addProperty("created", now());
        transfer.addProperty("currency", params.get("currency"));
        copyIfPresent(params, "description", transfer);
        transfer.addProperty("destination", destination);
        transfer.addProperty("destination_payment", "py_standin" + ids.incrementAndGet());
        transfer.addProperty("livemode", false);
        transfer.add("metadata", metadata(params));
        transfer.add("reversals", emptyList("/v1/transfers/" + id + "/reversals"));
        transfer.addProperty("reversed", false);
        transfer.add("source_transaction", JsonNull.INSTANCE);
        transfer.addProperty("source_type", "card");
        copyIfPresent(params, "transfer_group", transfer);
        transfers.add(transfer);
        return ok(transfer);
    }

    /** A list embedded in an object (an invoice's lines, a transfer's reversals), empty so far. */
    private static JsonObject emptyList(String url) {
        JsonObject list = new JsonObject();
        list.addProperty("object", "list");
        list.add("data", new JsonArray());
        list.addProperty("has_more", false);
        list.addProperty("total_count", 0);
        list.addProperty("url", url);
        return list;
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
