package org.ristourne.broker.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.vendor.users.VendorUserAccounts;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.PageClient;
import org.ristourne.support.Processors;
import org.ristourne.support.SigningVendor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.context.ApplicationContext;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AbstractAuthenticationProcessingFilter;
import org.springframework.security.web.authentication.logout.LogoutFilter;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Who may use what, over every endpoint the application maps (pages, CSV exports, the operator API, the actuator, the
 * webhooks, and the sign-in and sign-out that Spring Security answers itself), read from the application's own
 * request mappings and checked against one explicit table ({@link #TABLE}): an endpoint added later fails this test
 * until it is given an entry, and an entry left behind by a removed endpoint fails it too.
 *
 * <p>For every endpoint and role (anonymous, customer, vendor user, operator signed in on the pages, operator API over
 * HTTP Basic): a role not allowed is refused (sent to sign in, 401, 403 or 404) and changes nothing; a role allowed is
 * not refused. Webhooks authenticate by their signatures: an unsigned or wrongly signed call is refused and stores
 * nothing. No state-changing page request passes without its CSRF token, for any signed-in role. And no leak: with
 * customers A and B, vendors V1 (A's) and V2 (B's) and a user of each vendor, no answer V2's user gets shows V1's data
 * or any customer's identity, no answer B gets shows anything of A's, and the other party's ids in URLs answer
 * 403 or 404. The cells checked and the leaks found are printed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ristourne.test.context=pages", "ristourne.operator.password=" + OperatorClient.PASSWORD})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AuthorizationMatrixIntegrationTest {

    /** The pages anyone may open. */
    static final Set<String> PUBLIC = Set.of("/", "/sign-in", "/sign-up", "/error");
    static final String PASSWORD = "correct horse battery";
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}/]+)}");

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private OperatorClient operator;
    private String run;

    @BeforeEach
    void setUp() {
        operator = new OperatorClient("http://127.0.0.1:" + port);
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    record Endpoint(RequestMethod method, String pattern) {
    }

    @Test
    void anonymousVisitorsReachOnlyThePublicPagesAndChangeNothing() {
        PageClient visitor = new PageClient(port);
        visitor.get("/sign-in");
        assertThat(visitor.csrfToken()).as("a visitor's own token, so refusals are about who, not the token")
                .isNotNull();
        Map<String, List<String>> before = businessTables();
        Map<String, String> ids = Map.of("relationshipId", "rel_" + run, "vendorId", "v-" + run);

        for (Endpoint endpoint : pageEndpoints()) {
            String path = fill(endpoint.pattern(), ids);
            HttpResponse<String> answer = endpoint.method() == RequestMethod.GET ? visitor.get(path)
                    : visitor.post(path, Map.of("_csrf", visitor.csrfToken()));
            if (endpoint.method() == RequestMethod.GET && PUBLIC.contains(endpoint.pattern())) {
                assertThat(answer.statusCode()).as(endpoint + " is public").isIn(200, 404, 500);
            } else if (endpoint.pattern().equals("/sign-up") || endpoint.pattern().equals("/sign-in")) {
                assertThat(answer.statusCode()).as(endpoint + " with no fields").isIn(302, 422);
            } else {
                assertThat(answer.statusCode()).as(endpoint + " for an anonymous visitor").isEqualTo(302);
                assertThat(PageClient.location(answer)).as(endpoint.toString()).endsWith("/sign-in");
            }
        }
        assertThat(businessTables()).as("nothing stored for anonymous visitors").isEqualTo(before);
    }

    @Test
    void noStateChangingRequestGoesThroughWithoutItsCsrfToken() {
        Customer anna = customerWithASale("anna");
        Processors.awaitCaughtUp(processing, jdbc, Duration.ofSeconds(60));
        Map<String, List<String>> before = businessTables();

        List<Endpoint> changing = pageEndpoints().stream().filter(e -> e.method() != RequestMethod.GET).toList();
        assertThat(changing).as("the sign-up, sign-in and sign-out forms at least").isNotEmpty();
        for (Endpoint endpoint : changing) {
            HttpResponse<String> answer = anna.pages().post(fill(endpoint.pattern(), anna.ids()),
                    Map.of("vendorId", anna.vendorId()));
            assertThat(answer.statusCode()).as(endpoint + " without a CSRF token").isEqualTo(403);
        }
        assertThat(businessTables()).as("nothing changed by requests without a token").isEqualTo(before);
        assertThat(anna.pages().get("/").body()).as("and Anna is still signed in").contains("id=\"sign-out\"");
    }

    @Test
    void aCustomerReachesNothingOfAnothersThroughAnyUrl() {
        Customer anna = customerWithASale("anna");
        Customer bruno = customerWithASale("bruno");
        Processors.awaitCaughtUp(processing, jdbc, Duration.ofSeconds(60));
        Map<String, List<String>> before = businessTables();

        for (Endpoint endpoint : pageEndpoints()) {
            if (PUBLIC.contains(endpoint.pattern()) || endpoint.pattern().startsWith("/sign-")) {
                continue;
            }
            String path = fill(endpoint.pattern(), anna.ids());
            boolean namesAnAnnaId = !path.equals(endpoint.pattern());
            HttpResponse<String> answer;
            if (endpoint.method() == RequestMethod.GET) {
                answer = bruno.pages().get(path);
            } else {
                bruno.pages().get("/account");
                answer = bruno.pages().post(path, Map.of("_csrf", bruno.pages().csrfToken(),
                        "vendorId", anna.vendorId()));
            }
            if (namesAnAnnaId) {
                assertThat(answer.statusCode()).as(endpoint + " with Anna's ids, as Bruno").isIn(403, 404);
            }
            assertThat(answer.body()).as(endpoint + " as Bruno shows nothing of Anna's")
                    .doesNotContain(anna.customerRef()).doesNotContain(anna.email())
                    .doesNotContain(anna.saleId()).doesNotContain(anna.customerId());
        }
        // Bruno may open his own relationship with Anna's vendor (a vendor is anyone's to choose); Anna's rows stay.
        Map<String, List<String>> after = businessTables();
        for (String table : before.keySet()) {
            assertThat(rowsOf(after.get(table), anna.customerId())).as(table + ": Anna's rows untouched")
                    .isEqualTo(rowsOf(before.get(table), anna.customerId()));
        }
        assertThat(anna.pages().get("/account").body()).contains(anna.saleId());
    }

    record Customer(PageClient pages, String email, String customerId, String vendorId, String relationshipId,
                    String customerRef, String saleId) {

        Map<String, String> ids() {
            return Map.of("relationshipId", relationshipId, "vendorId", vendorId, "customerId", customerId,
                    "saleId", saleId);
        }
    }

    private Customer customerWithASale(String name) {
        String vendorId = name + "-shop-" + run;
        String secret = operator.onboardVendor(vendorId, 2000, 2500, 0);
        String email = name + "." + run + "@example.org";
        PageClient pages = new PageClient(port);
        assertThat(pages.signUp(name, email, PASSWORD).statusCode()).isEqualTo(302);
        String customerId = jdbc.queryForObject("select customer_id from customer_account where email = ?",
                String.class, email);
        Instant now = Instant.now();
        operator.call("POST", "/operator/customers/" + customerId + "/subscription-periods",
                "{\"activeFrom\":\"%s\",\"activeUntil\":\"%s\",\"amountPaid\":{\"amount\":990,\"currency\":\"EUR\"}}"
                        .formatted(now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(30))), 204);
        var relationship = operator.call("POST", "/operator/customers/" + customerId + "/relationships",
                "{\"vendorId\":\"" + vendorId + "\"}", 201);
        String customerRef = relationship.get("customerRef").asString();
        String saleId = "ord_" + name + "_" + run;
        HttpResponse<String> report = new SigningVendor("http://127.0.0.1:" + port, vendorId, secret)
                .send(SigningVendor.saleCompleted(saleId, customerRef, "EUR", 12_999, 4_200L, now));
        assertThat(report.statusCode()).as(report.body()).isEqualTo(202);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from customer_statement_line where customer_id = ?", Integer.class, customerId) == 1);
        return new Customer(pages, email, customerId, vendorId, relationship.get("relationshipId").asString(),
                customerRef, saleId);
    }

    /** Every mapped endpoint but the operator API and the webhooks, which have tests and credentials of their own. */
    private List<Endpoint> pageEndpoints() {
        List<Endpoint> endpoints = new ArrayList<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (pattern.startsWith("/operator") || pattern.startsWith("/webhooks")) {
                    continue;
                }
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    endpoints.add(new Endpoint(method, pattern));
                }
            }
        }
        assertThat(endpoints).as("the pages' endpoints").extracting(Endpoint::pattern).contains("/", "/sign-up");
        return endpoints;
    }

    private static String fill(String pattern, Map<String, String> ids) {
        Matcher variable = VARIABLE.matcher(pattern);
        StringBuilder path = new StringBuilder();
        while (variable.find()) {
            String name = variable.group(1).split(":")[0].replace("*", "");
            String value = ids.get(name);
            assertThat(value).as("no test value for {" + name + "} in " + pattern + ": add one to this test").isNotNull();
            variable.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        variable.appendTail(path);
        return path.toString();
    }

    private static List<String> rowsOf(List<String> rows, String customerId) {
        return rows == null ? List.of() : rows.stream().filter(row -> row.contains(customerId)).toList();
    }

    /**
     * What any request could store: {@link #businessTables()}, and the vendors' agreements, secrets, offers and
     * users, the customers' directory rows and payout methods, and what the webhooks keep (intake, idempotency keys,
     * the delivery log, Stripe's events), and the operator accounts. Sales and the ledger are left out for the reason
     * given there.
     */
    private Map<String, List<String>> storedState() {
        Map<String, List<String>> tables = businessTables();
        for (String table : List.of("directory_agreement", "directory_customer", "directory_subscription_period",
                "vendor_webhook_secret", "catalogue_offer", "payout_method", "sale_intake", "refund_intake",
                "webhook_delivery", "vendor_delivery", "stripe_event", "vendor_invoice", "operator_account")) {
            tables.put(table, jdbc.queryForList("select * from " + table).stream().map(Object::toString).sorted()
                    .toList());
        }
        return tables;
    }

    /**
     * What a page request could change: accounts, the directory's vendors and relationships, and the events of
     * customers, relationships and vendors. Sales and the ledger are left out: the other tests' sales keep confirming
     * by deadline in the background, which no page request causes.
     */
    private Map<String, List<String>> businessTables() {
        Map<String, List<String>> tables = new java.util.TreeMap<>();
        for (String table : List.of("customer_account", "vendor_user", "directory_vendor", "directory_relationship")) {
            tables.put(table, jdbc.queryForList("select * from " + table).stream().map(Object::toString).sorted()
                    .toList());
        }
        tables.put("events", jdbc.queryForList("select aggregate_identifier, sequence_number, payload_type"
                + " from domain_event_entry where payload_type not like '%.sale.%' and payload_type not like '%.share.%'"
                + " and payload_type not like '%.vendorinvoice.%' and payload_type not like 'org.ristourne.billing.%'"
                + " order by global_index")
                .stream().map(Object::toString).toList());
        return tables;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The matrix: every endpoint the application answers, and who may use it.
    // ---------------------------------------------------------------------------------------------------------------

    /** Who calls: a visitor, three people signed in on the pages, and a script with the operator API's credentials. */
    enum Role { ANONYMOUS, CUSTOMER, VENDOR, OPERATOR, OPERATOR_API }

    private static final Set<Role> ANYONE = EnumSet.allOf(Role.class);
    /** The page forms anyone may send, with the token of a page they read first; a script has no such token. */
    private static final Set<Role> BROWSERS = EnumSet.of(Role.ANONYMOUS, Role.CUSTOMER, Role.VENDOR, Role.OPERATOR);
    private static final Set<Role> CUSTOMERS = EnumSet.of(Role.CUSTOMER);
    private static final Set<Role> VENDOR_USERS = EnumSet.of(Role.VENDOR);
    private static final Set<Role> OPERATOR_PAGES = EnumSet.of(Role.OPERATOR);
    private static final Set<Role> OPERATOR_API = EnumSet.of(Role.OPERATOR_API);

    /**
     * Every endpoint (method and pattern, as mapped) and the roles that may use it; all others must be refused. A new
     * endpoint fails {@link #everyMappedEndpointHasAnEntryAndEveryEntryAnEndpoint} until it is added here.
     */
    static final Map<String, Set<Role>> TABLE = Map.ofEntries(
            // public pages, and the forms Spring Security answers itself
            Map.entry("GET /", ANYONE),
            Map.entry("GET /sign-in", ANYONE),
            Map.entry("GET /sign-up", ANYONE),
            Map.entry("GET /error", ANYONE),
            Map.entry("POST /sign-up", BROWSERS),
            Map.entry("POST /sign-in", BROWSERS),
            Map.entry("POST /sign-out", BROWSERS),
            // customers
            Map.entry("GET /account", CUSTOMERS),
            Map.entry("GET /account/statement.csv", CUSTOMERS),
            Map.entry("GET /account/data.json", CUSTOMERS),
            Map.entry("POST /subscribe", CUSTOMERS),
            Map.entry("POST /account/erase", CUSTOMERS),
            Map.entry("GET /relationships", CUSTOMERS),
            Map.entry("POST /relationships", CUSTOMERS),
            Map.entry("GET /relationships/{relationshipId}", CUSTOMERS),
            Map.entry("POST /relationships/{relationshipId}/end", CUSTOMERS),
            // vendor users
            Map.entry("GET /vendor", VENDOR_USERS),
            Map.entry("POST /vendor/secret", VENDOR_USERS),
            Map.entry("GET /vendor/password", VENDOR_USERS),
            Map.entry("POST /vendor/password", VENDOR_USERS),
            Map.entry("GET /vendor/deliveries", VENDOR_USERS),
            Map.entry("POST /vendor/test-send", VENDOR_USERS),
            Map.entry("GET /vendor/statements", VENDOR_USERS),
            Map.entry("GET /vendor/statements.csv", VENDOR_USERS),
            // the operator's pages
            Map.entry("GET /operations", OPERATOR_PAGES),
            Map.entry("POST /operations/parked/retry", OPERATOR_PAGES),
            Map.entry("POST /operations/parked/drop-first", OPERATOR_PAGES),
            Map.entry("GET /operations/processors", OPERATOR_PAGES),
            Map.entry("GET /operations/customers", OPERATOR_PAGES),
            Map.entry("GET /operations/vendors", OPERATOR_PAGES),
            Map.entry("POST /operations/vendors", OPERATOR_PAGES),
            Map.entry("GET /operations/vendors/{vendorId}", OPERATOR_PAGES),
            Map.entry("POST /operations/vendors/{vendorId}/suspension", OPERATOR_PAGES),
            Map.entry("POST /operations/vendors/{vendorId}/reinstatement", OPERATOR_PAGES),
            Map.entry("POST /operations/vendors/{vendorId}/agreement", OPERATOR_PAGES),
            Map.entry("POST /operations/vendors/{vendorId}/users", OPERATOR_PAGES),
            // the operator API
            Map.entry("POST /operator/vendors", OPERATOR_API),
            Map.entry("GET /operator/vendors/{vendorId}", OPERATOR_API),
            Map.entry("PUT /operator/vendors/{vendorId}/agreement", OPERATOR_API),
            Map.entry("POST /operator/vendors/{vendorId}/webhook-secrets", OPERATOR_API),
            Map.entry("POST /operator/vendors/{vendorId}/suspension", OPERATOR_API),
            Map.entry("DELETE /operator/vendors/{vendorId}/suspension", OPERATOR_API),
            Map.entry("PUT /operator/vendors/{vendorId}/billing-email", OPERATOR_API),
            Map.entry("POST /operator/vendors/{vendorId}/offers", OPERATOR_API),
            Map.entry("DELETE /operator/vendors/{vendorId}/offers/{offerId}", OPERATOR_API),
            Map.entry("POST /operator/vendors/{vendorId}/invoices", OPERATOR_API),
            Map.entry("GET /operator/vendor-invoices", OPERATOR_API),
            Map.entry("POST /operator/customers", OPERATOR_API),
            Map.entry("POST /operator/customers/{customerId}/subscription-periods", OPERATOR_API),
            Map.entry("POST /operator/customers/{customerId}/subscription-end", OPERATOR_API),
            Map.entry("POST /operator/customers/{customerId}/erasure", OPERATOR_API),
            Map.entry("POST /operator/customers/{customerId}/relationships", OPERATOR_API),
            Map.entry("POST /operator/customers/{customerId}/checkout", OPERATOR_API),
            Map.entry("PUT /operator/customers/{customerId}/connected-account", OPERATOR_API),
            Map.entry("DELETE /operator/customers/{customerId}/connected-account", OPERATOR_API),
            Map.entry("DELETE /operator/relationships/{relationshipId}", OPERATOR_API),
            Map.entry("GET /operator/relationships/{relationshipId}/offers", OPERATOR_API),
            Map.entry("GET /operator/payouts", OPERATOR_API),
            Map.entry("GET /operator/operators", OPERATOR_API),
            Map.entry("POST /operator/operators", OPERATOR_API),
            Map.entry("POST /operator/operators/{name}/disable", OPERATOR_API),
            // the actuator: the health status and info for anyone (probes, load balancers), the rest for the operator
            Map.entry("GET /actuator/health", ANYONE),
            Map.entry("GET /actuator/info", ANYONE),
            Map.entry("GET /actuator/health/{*path}", OPERATOR_API),
            Map.entry("GET /actuator", OPERATOR_API),
            Map.entry("GET /actuator/metrics", OPERATOR_API),
            Map.entry("GET /actuator/metrics/{requiredMetricName}", OPERATOR_API),
            Map.entry("GET /actuator/ledgerreplay", OPERATOR_API),
            Map.entry("POST /actuator/ledgerreplay", OPERATOR_API),
            Map.entry("GET /actuator/parkedbookings", OPERATOR_API),
            Map.entry("POST /actuator/parkedbookings", OPERATOR_API),
            Map.entry("GET /actuator/replay", OPERATOR_API),
            Map.entry("POST /actuator/replay/{group}", OPERATOR_API));

    /**
     * Authenticated by their signatures, not by who calls: anyone may send, but an unsigned or wrongly signed call is
     * refused and stores nothing.
     */
    static final Set<String> SIGNED_WEBHOOKS = Set.of("POST /webhooks/vendors/{vendorId}", "POST /webhooks/stripe");

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern SIGN_IN_REDIRECT = Pattern.compile("^(https?://[^/]+)?/sign-in$");

    @Autowired
    ApplicationContext context;

    @Autowired
    VendorUserAccounts vendorUsers;

    private World world;
    private int cellsChecked;
    private int leaksFound;

    record Party(String email, String displayName, String customerId, String vendorId, String relationshipId,
                 String customerRef, String saleId) {
    }

    record VendorUser(String vendorId, String secret, String email, String displayName, String password,
                      PageClient pages) {
    }

    /** Customers A (of vendor V1) and B (of V2), a user of each vendor, each with a sale, and everyone signed in. */
    record World(String run, Party a, Party b, VendorUser v1, VendorUser v2, PageClient visitor, PageClient customer,
                 PageClient vendor, PageClient operator) {

        PageClient pages(Role role) {
            return switch (role) {
                case ANONYMOUS -> visitor;
                case CUSTOMER -> customer;
                case VENDOR -> vendor;
                case OPERATOR -> operator;
                case OPERATOR_API -> throw new IllegalArgumentException("the operator API has no page session");
            };
        }

        /** What each role may never read: B nothing of A's; V2's user nothing of V1's and no customer's identity. */
        List<String> forbidden(Role role) {
            List<String> anyCustomersIdentity = List.of(a.email(), a.displayName(), a.customerId(), b.email(),
                    b.displayName(), b.customerId());
            List<String> aSales = List.of(a.customerRef(), a.saleId());
            return switch (role) {
                case ANONYMOUS -> concat(anyCustomersIdentity, aSales, List.of(b.customerRef(), b.saleId(), v1.email(),
                        v2.email()));
                case CUSTOMER -> concat(List.of(a.email(), a.displayName(), a.customerId()), aSales,
                        List.of(v1.email(), v2.email()));
                case VENDOR -> concat(anyCustomersIdentity, aSales, List.of(v1.vendorId(), v1.email()));
                case OPERATOR, OPERATOR_API -> List.of();
            };
        }

        /** The ids a role uses for its own requests: the operator's are A's and V1's, anyone's to the operator. */
        Map<String, String> own(Role role) {
            return switch (role) {
                case CUSTOMER, VENDOR -> ids(b, v2.vendorId());
                default -> ids(a, v1.vendorId());
            };
        }

        /** The other party's ids: A's and V1's, which B and V2's user must not reach. */
        Map<String, String> others() {
            return ids(a, v1.vendorId());
        }

        /** Ids nobody has, for the requests of allowed roles that would change something with real ones. */
        Map<String, String> unknown() {
            return withConstants(Map.of("relationshipId", "rel_nobody_" + run, "vendorId", "nobody-" + run,
                    "customerId", "cus-nobody-" + run, "saleId", "ord_nobody_" + run));
        }

        private static Map<String, String> ids(Party party, String vendorId) {
            return withConstants(Map.of("relationshipId", party.relationshipId(), "vendorId", vendorId,
                    "customerId", party.customerId(), "saleId", party.saleId()));
        }

        private static Map<String, String> withConstants(Map<String, String> ids) {
            Map<String, String> all = new HashMap<>(ids);
            all.put("offerId", "offer_nobody");
            all.put("group", "nobody-group");
            all.put("requiredMetricName", "jvm.threads.live");
            all.put("path", "db");
            all.put("name", "nobody-operator");
            return all;
        }

        private static List<String> concat(List<String> first, List<String> second, List<String> third) {
            List<String> all = new ArrayList<>(first);
            all.addAll(second);
            all.addAll(third);
            return all;
        }
    }

    private World world() {
        if (world != null) {
            return world;
        }
        String run = this.run;
        VendorUser v1 = vendorWithAUser("alpha", run);
        VendorUser v2 = vendorWithAUser("beta", run);
        Party a = partyWithASale("anna", v1, run);
        Party b = partyWithASale("bruno", v2, run);
        PageClient visitor = new PageClient(port);
        visitor.get("/sign-in");
        PageClient operatorPages = new PageClient(port);
        assertThat(PageClient.location(operatorPages.signIn("operator", OperatorClient.PASSWORD)))
                .endsWith("/operations");
        PageClient customer = new PageClient(port);
        assertThat(PageClient.location(customer.signIn(b.email(), PASSWORD))).endsWith("/account");
        Processors.awaitCaughtUp(processing, jdbc, Duration.ofSeconds(60));
        world = new World(run, a, b, v1, v2, visitor, customer, v2.pages(), operatorPages);
        return world;
    }

    private VendorUser vendorWithAUser(String name, String run) {
        String vendorId = name + "-shop-" + run;
        String secret = operator.onboardVendor(vendorId, 2000, 2500, 0);
        String email = name + ".user." + run + "@example.com";
        String displayName = "Vendoruser" + name + run;
        VendorUserAccounts.Created created = vendorUsers.create(new VendorId(vendorId), email, displayName);
        PageClient pages = new PageClient(port);
        assertThat(PageClient.location(pages.signIn(email, created.initialPassword()))).endsWith("/vendor");
        return new VendorUser(vendorId, secret, email, displayName, created.initialPassword(), pages);
    }

    private Party partyWithASale(String name, VendorUser vendor, String run) {
        String email = name + "." + run + "@example.org";
        String displayName = "Customer" + name + run;
        PageClient pages = new PageClient(port);
        assertThat(pages.signUp(displayName, email, PASSWORD).statusCode()).isEqualTo(302);
        String customerId = jdbc.queryForObject("select customer_id from customer_account where email = ?",
                String.class, email);
        Instant now = Instant.now();
        operator.call("POST", "/operator/customers/" + customerId + "/subscription-periods",
                "{\"activeFrom\":\"%s\",\"activeUntil\":\"%s\",\"amountPaid\":{\"amount\":990,\"currency\":\"EUR\"}}"
                        .formatted(now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(30))), 204);
        var relationship = operator.call("POST", "/operator/customers/" + customerId + "/relationships",
                "{\"vendorId\":\"" + vendor.vendorId() + "\"}", 201);
        String customerRef = relationship.get("customerRef").asString();
        String saleId = "ord_" + name + "_" + run;
        HttpResponse<String> report = new SigningVendor(baseUrl(), vendor.vendorId(), vendor.secret())
                .send(SigningVendor.saleCompleted(saleId, customerRef, "EUR", 12_999, 4_200L, now));
        assertThat(report.statusCode()).as("a signed report is the webhooks' allowed call: " + report.body())
                .isEqualTo(202);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from customer_statement_line where customer_id = ?", Integer.class, customerId) == 1);
        return new Party(email, displayName, customerId, vendor.vendorId(),
                relationship.get("relationshipId").asString(), customerRef, saleId);
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Test
    void everyMappedEndpointHasAnEntryAndEveryEntryAnEndpoint() {
        Set<String> mapped = new TreeSet<>();
        allEndpoints().forEach(endpoint -> mapped.add(key(endpoint)));
        List<String> missing = mapped.stream().filter(key -> !TABLE.containsKey(key) && !SIGNED_WEBHOOKS.contains(key))
                .toList();
        assertThat(missing).as("endpoints the application maps with no entry in AuthorizationMatrixIntegrationTest"
                + ".TABLE (or SIGNED_WEBHOOKS): add each with the roles that may use it").isEmpty();
        Set<String> entries = new TreeSet<>(TABLE.keySet());
        entries.addAll(SIGNED_WEBHOOKS);
        entries.removeAll(mapped);
        assertThat(entries).as("entries in the table for endpoints the application no longer maps: remove them")
                .isEmpty();
        assertThat(mapped).as("pages, CSV exports, operator API, actuator, webhooks and Spring Security's forms")
                .contains("GET /account/statement.csv", "GET /vendor/statements.csv", "POST /operator/vendors",
                        "POST /actuator/parkedbookings", "POST /webhooks/stripe", "POST /sign-in", "POST /sign-out");
    }

    /** One answer of each kind, as a browser or client meets it: the headers depend on the chain, not on who asks. */
    enum Answer {
        PAGE("GET", "/", false),
        ERROR_PAGE("GET", "/css/no-such-file.css", false),
        WEBHOOK("POST", "/webhooks/vendors/no-such-vendor", true),
        OPERATOR_API("GET", "/operator/vendors/no-such-vendor", true),
        ACTUATOR("GET", "/actuator/health", true);

        final String method;
        final String path;
        final boolean json;

        Answer(String method, String path, boolean json) {
            this.method = method;
            this.path = path;
            this.json = json;
        }
    }

    static java.util.stream.Stream<Arguments> answersOverHttpAndHttps() {
        return java.util.Arrays.stream(Answer.values())
                .flatMap(answer -> java.util.stream.Stream.of(Arguments.of(answer, "http"),
                        Arguments.of(answer, "https")));
    }

    /**
     * Through a proxy on this host (the test's loopback address, which application.yml trusts): X-Forwarded-Proto
     * https is a request that came over TLS, so it alone gets HSTS. Each request comes from an address of its own,
     * so that the unsigned webhook call spends no failed attempt of anyone else's.
     */
    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("answersOverHttpAndHttps")
    void everyAnswerCarriesTheSecurityHeaders(Answer answer, String protocol) throws Exception {
        int client = 1 + 2 * answer.ordinal() + ("https".equals(protocol) ? 1 : 0);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + answer.path))
                .header("X-Forwarded-Proto", protocol)
                .header("X-Forwarded-For", "192.0.2." + client)
                .method(answer.method, answer.method.equals("POST")
                        ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        if (answer.method.equals("POST")) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());

        var headers = response.headers();
        assertThat(headers.allValues("Content-Security-Policy")).as(describe(response)).containsExactly(answer.json
                ? SecurityHeaders.API_CONTENT_SECURITY_POLICY : WebSecurity.CONTENT_SECURITY_POLICY);
        assertThat(headers.allValues("Referrer-Policy")).containsExactly(answer.json ? "no-referrer" : "same-origin");
        assertThat(headers.allValues("X-Frame-Options")).containsExactly("DENY");
        assertThat(headers.allValues("X-Content-Type-Options")).containsExactly("nosniff");
        if ("https".equals(protocol)) {
            assertThat(headers.allValues("Strict-Transport-Security"))
                    .containsExactly("max-age=31536000; includeSubDomains");
        } else {
            assertThat(headers.allValues("Strict-Transport-Security")).as("no HSTS over plain HTTP").isEmpty();
        }
    }

    @Test
    void rolesNotAllowedAreRefusedAndChangeNothing() {
        World world = world();
        Map<String, List<String>> before = storedState();
        List<String> problems = new ArrayList<>();
        int cells = 0;
        for (Endpoint endpoint : allEndpoints()) {
            String key = key(endpoint);
            for (Role role : Role.values()) {
                if (SIGNED_WEBHOOKS.contains(key)) {
                    // Whoever calls, with whatever session or credentials: no signature, no entry.
                    String path = fill(endpoint.pattern(), world.others());
                    HttpResponse<String> answer = send(role, endpoint.method().name(), path, "application/json",
                            SigningVendor.saleCompleted("ord_unsigned_" + world.run(), world.a().customerRef(), "EUR",
                                    1_000, 100L, Instant.now()));
                    cells++;
                    expectRefusedWebhook(problems, endpoint + " unsigned, as " + role, answer);
                    leaks(problems, world, role, endpoint + " unsigned", answer);
                    continue;
                }
                if (TABLE.getOrDefault(key, Set.of()).contains(role)) {
                    continue;
                }
                String path = fill(endpoint.pattern(), world.others());
                HttpResponse<String> answer = request(role, endpoint, path, world.others(), true);
                cells++;
                if (!refused(answer)) {
                    problems.add(endpoint + " as " + role + " was not refused: " + describe(answer));
                }
                leaks(problems, world, role, endpoint.toString(), answer);
            }
        }
        // A report signed with another vendor's secret is as good as unsigned.
        HttpResponse<String> forged = new SigningVendor(baseUrl(), world.v1().vendorId(), world.v2().secret())
                .send(SigningVendor.saleCompleted("ord_forged_" + world.run(), world.a().customerRef(), "EUR", 1_000,
                        100L, Instant.now()));
        cells++;
        expectRefusedWebhook(problems, "V1's webhook signed with V2's secret", forged);

        assertThat(storedState()).as("nothing stored by refused requests").isEqualTo(before);
        tally("refused", cells, problems);
    }

    @Test
    void rolesAllowedAreNotRefused() {
        World world = world();
        List<String> problems = new ArrayList<>();
        int cells = 0;
        for (Endpoint endpoint : allEndpoints()) {
            Set<Role> allowed = TABLE.get(key(endpoint));
            if (allowed == null) {
                continue;
            }
            for (Role role : allowed) {
                boolean reads = endpoint.method() == RequestMethod.GET;
                HttpResponse<String> answer;
                if (endpoint.pattern().equals("/sign-in") && !reads) {
                    answer = signIn(world, role);
                } else if (endpoint.pattern().equals("/sign-out")) {
                    answer = signOut(world, role);
                } else {
                    // Reads with the role's own ids; changes with ids nobody has and empty forms, refused (if at all)
                    // for a business reason, so that nothing real changes.
                    Map<String, String> ids = reads ? world.own(role) : world.unknown();
                    answer = request(role, endpoint, fill(endpoint.pattern(), ids), ids, true);
                }
                cells++;
                if (refused(answer) && answer.statusCode() != 404 && answer.statusCode() != 406 || answer.statusCode() >= 500
                        && !endpoint.pattern().equals("/error")) {
                    problems.add(endpoint + " as " + role + " is allowed but answered " + describe(answer));
                } else if (reads && answer.statusCode() / 100 != 2 && !endpoint.pattern().equals("/error")
                        && !(answer.statusCode() / 100 == 3 && endpoint.pattern().startsWith("/sign-"))
                        && !(answer.statusCode() == 406 && endpoint.pattern().startsWith("/actuator"))) {
                    problems.add(endpoint + " as " + role + " with its own ids should open: " + describe(answer));
                }
                leaks(problems, world, role, endpoint.toString(), answer);
            }
        }
        for (SigningVendor signed : List.of(new SigningVendor(baseUrl(), world.v2().vendorId(), world.v2().secret()))) {
            HttpResponse<String> answer = signed.send(SigningVendor.saleCompleted("ord_signed_" + world.run(),
                    world.b().customerRef(), "EUR", 1_000, 100L, Instant.now()));
            cells++;
            if (answer.statusCode() != 202) {
                problems.add("a report signed by V2 answered " + describe(answer));
            }
        }
        tally("allowed", cells, problems);
    }

    @Test
    void theOtherPartysIdsInUrlsReachNothing() {
        World world = world();
        Map<String, List<String>> before = storedState();
        List<String> problems = new ArrayList<>();
        int cells = 0;
        for (Endpoint endpoint : allEndpoints()) {
            Set<Role> allowed = TABLE.getOrDefault(key(endpoint), Set.of());
            if (!VARIABLE.matcher(endpoint.pattern()).find()) {
                continue;
            }
            for (Role role : List.of(Role.CUSTOMER, Role.VENDOR)) {
                if (!allowed.contains(role)) {
                    continue;
                }
                String path = fill(endpoint.pattern(), world.others());
                HttpResponse<String> answer = request(role, endpoint, path, world.others(), true);
                cells++;
                if (answer.statusCode() != 403 && answer.statusCode() != 404) {
                    leaksFound++;
                    problems.add("LEAK: " + endpoint + " as " + role + " with the other party's ids answered "
                            + describe(answer));
                }
                leaks(problems, world, role, endpoint + " with the other party's ids", answer);
            }
        }
        assertThat(storedState()).as("nothing changed through the other party's ids").isEqualTo(before);
        tally("other party's ids", cells, problems);
    }

    @Test
    void noStateChangingPageRequestPassesWithoutItsCsrfTokenForAnySignedInRole() {
        World world = world();
        Map<String, List<String>> before = storedState();
        List<String> problems = new ArrayList<>();
        int cells = 0;
        for (Endpoint endpoint : allEndpoints()) {
            String pattern = endpoint.pattern();
            if (endpoint.method() == RequestMethod.GET || pattern.startsWith("/operator/")
                    || pattern.startsWith("/webhooks/") || pattern.startsWith("/actuator")) {
                continue;
            }
            for (Role role : List.of(Role.CUSTOMER, Role.VENDOR, Role.OPERATOR)) {
                Map<String, String> ids = world.own(role);
                HttpResponse<String> answer = request(role, endpoint, fill(pattern, ids), ids, false);
                cells++;
                if (answer.statusCode() != 403) {
                    problems.add(endpoint + " as " + role + " without a CSRF token: " + describe(answer));
                }
            }
        }
        assertThat(storedState()).as("nothing changed by requests without their token").isEqualTo(before);
        for (Role role : List.of(Role.CUSTOMER, Role.VENDOR, Role.OPERATOR)) {
            HttpResponse<String> home = world.pages(role).get(switch (role) {
                case CUSTOMER -> "/account";
                case VENDOR -> "/vendor";
                default -> "/operations";
            });
            assertThat(home.statusCode()).as(role + " is still signed in").isEqualTo(200);
        }
        tally("without CSRF", cells, problems);
    }

    @AfterAll
    void printTheTally() {
        System.out.printf("Authorization matrix (%s): %d (endpoint, role) cells checked, %d leaks found%n",
                getClass().getSimpleName(), cellsChecked, leaksFound);
    }

    private void tally(String what, int cells, List<String> problems) {
        cellsChecked += cells;
        System.out.printf("Authorization matrix, %s: %d cells checked, %d problems (%d leaks so far)%n", what, cells,
                problems.size(), leaksFound);
        assertThat(cells).as("cells checked").isPositive();
        assertThat(problems).as(what).isEmpty();
    }

    /** A page role sends a form (with its token when asked), the operator API JSON with its Basic credentials. */
    private HttpResponse<String> request(Role role, Endpoint endpoint, String path, Map<String, String> ids,
                                         boolean withToken) {
        String method = endpoint.method().name();
        if (role == Role.OPERATOR_API) {
            // A body no endpoint accepts: an allowed call is refused for its body (400), never for who sent it.
            return basic(method, path, endpoint.method() == RequestMethod.GET ? null : "{");
        }
        PageClient pages = world.pages(role);
        if (endpoint.method() == RequestMethod.GET) {
            return pages.get(path);
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("vendorId", ids.get("vendorId"));
        if (withToken) {
            form.put("_csrf", pages.csrfToken());
        }
        return pages.send(method, path, form);
    }

    private HttpResponse<String> send(Role role, String method, String path, String contentType, String body) {
        if (role == Role.OPERATOR_API) {
            return basic(method, path, body);
        }
        return world.pages(role).send(method, path, contentType, body);
    }

    private HttpResponse<String> basic(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("operator:" + OperatorClient.PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("request to the broker failed", e);
        }
    }

    /** Signs the role's own user in again on a client of its own (a visitor signs in as B). */
    private HttpResponse<String> signIn(World world, Role role) {
        return signIn(new PageClient(port), world, role);
    }

    private static HttpResponse<String> signIn(PageClient client, World world, Role role) {
        return switch (role) {
            case VENDOR -> client.signIn(world.v2().email(), world.v2().password());
            case OPERATOR -> client.signIn("operator", OperatorClient.PASSWORD);
            default -> client.signIn(world.b().email(), PASSWORD);
        };
    }

    /** Signs out a session of its own, so that the role's session in the matrix stays signed in. */
    private HttpResponse<String> signOut(World world, Role role) {
        PageClient client = new PageClient(port);
        if (role == Role.ANONYMOUS) {
            client.get("/sign-in");
        } else {
            assertThat(signIn(client, world, role).statusCode()).as("signed in to sign out").isEqualTo(302);
            client.get("/");
        }
        return client.post("/sign-out", Map.of("_csrf", client.csrfToken()));
    }

    /** Refused: sent to sign in, 401, 403 or 404; never a success. */
    private static boolean refused(HttpResponse<String> answer) {
        int status = answer.statusCode();
        // The actuator serves JSON only: a browser asking for HTML gets 406 and nothing served.
        boolean notServed = status == 406 && answer.uri().getPath().startsWith("/actuator");
        return status == 401 || status == 403 || status == 404 || notServed
                || status / 100 == 3 && SIGN_IN_REDIRECT.matcher(PageClient.location(answer)).matches();
    }

    /** Unsigned: 401; the Stripe webhook answers 503 instead while no Stripe secret is configured. */
    private void expectRefusedWebhook(List<String> problems, String what, HttpResponse<String> answer) {
        boolean stripeUnconfigured = answer.statusCode() == 503 && answer.body().contains("stripe-not-configured");
        if (answer.statusCode() != 401 && !stripeUnconfigured) {
            problems.add(what + " was not refused: " + describe(answer));
        }
    }

    private void leaks(List<String> problems, World world, Role role, String what, HttpResponse<String> answer) {
        for (String secret : world.forbidden(role)) {
            // an id the caller put in the URL itself, echoed back (a problem's "instance"), tells it nothing
            if (answer.body().contains(secret) && !answer.uri().toString().contains(secret)) {
                leaksFound++;
                problems.add("LEAK: " + what + " as " + role + " shows " + secret);
            }
        }
    }

    private static String describe(HttpResponse<String> answer) {
        String body = answer.body().length() > 300 ? answer.body().substring(0, 300) + "..." : answer.body();
        return answer.statusCode() + " " + PageClient.location(answer) + " " + body.replaceAll("\\s+", " ");
    }

    private static String key(Endpoint endpoint) {
        return endpoint.method().name() + " " + endpoint.pattern();
    }

    /**
     * Every endpoint the application answers: the request mappings of every handler mapping (controllers and the
     * actuator's web endpoints, checked against the actuator's own list of operations), and the forms that Spring
     * Security's filters answer before any controller (sign-in and sign-out).
     */
    private List<Endpoint> allEndpoints() {
        Set<Endpoint> endpoints = new TreeSet<>(Comparator.comparing(AuthorizationMatrixIntegrationTest::key));
        for (RequestMappingInfoHandlerMapping mapping : context.getBeansOfType(RequestMappingInfoHandlerMapping.class)
                .values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (String mapped : info.getPatternValues()) {
                    // the actuator maps "{*path}" as "/**"
                    String pattern = mapped.endsWith("/**") ? mapped.substring(0, mapped.length() - 3) + "/{*path}"
                            : mapped;
                    for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                        endpoints.add(new Endpoint(method, pattern));
                    }
                }
            }
        }
        String base = context.getBean(PathMappedEndpoints.class).getBasePath();
        for (WebEndpointsSupplier supplier : context.getBeansOfType(WebEndpointsSupplier.class).values()) {
            for (ExposableWebEndpoint actuator : supplier.getEndpoints()) {
                for (WebOperation operation : actuator.getOperations()) {
                    Endpoint endpoint = new Endpoint(RequestMethod.valueOf(operation.getRequestPredicate()
                            .getHttpMethod().name()), base + "/" + operation.getRequestPredicate().getPath());
                    assertThat(endpoints).as("the actuator's operation " + endpoint + " among the mappings "
                            + endpoints.stream().map(AuthorizationMatrixIntegrationTest::key).toList())
                            .contains(endpoint);
                }
            }
        }
        for (SecurityFilterChain chain : context.getBean(FilterChainProxy.class).getFilterChains()) {
            for (var filter : chain.getFilters()) {
                Object matcher;
                if (filter instanceof AbstractAuthenticationProcessingFilter) {
                    matcher = ReflectionTestUtils.getField(filter, "requiresAuthenticationRequestMatcher");
                } else if (filter instanceof LogoutFilter) {
                    matcher = ReflectionTestUtils.getField(filter, "logoutRequestMatcher");
                } else {
                    continue;
                }
                Endpoint endpoint = securityEndpoint(String.valueOf(matcher));
                // a chain's own default (the operator API's "/logout") is unreachable outside what the chain matches
                if (chain.matches(new MockHttpServletRequest(endpoint.method().name(), endpoint.pattern()))) {
                    endpoints.add(endpoint);
                }
            }
        }
        return new ArrayList<>(endpoints);
    }

    private static final Pattern MATCHER = Pattern.compile("(GET|POST|PUT|PATCH|DELETE)\\s+(/\\S*?)[\\],\\s]");

    /** A filter's request matcher as it describes itself, e.g. "PathPattern [POST /sign-in]". */
    private static Endpoint securityEndpoint(String matcher) {
        Matcher described = MATCHER.matcher(matcher + " ");
        assertThat(described.find()).as("a Spring Security filter answering " + matcher + ": describe it in this "
                + "test").isTrue();
        return new Endpoint(RequestMethod.valueOf(described.group(1)), described.group(2));
    }
}
