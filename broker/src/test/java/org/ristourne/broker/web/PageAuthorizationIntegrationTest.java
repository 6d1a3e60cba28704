package org.ristourne.broker.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.PageClient;
import org.ristourne.support.Processors;
import org.ristourne.support.SigningVendor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every page endpoint the application maps, read from its own request mappings, so that a page added later is
 * checked without anyone remembering to add it: anonymous visitors reach only the public pages; no state-changing
 * request goes through without its CSRF token; customer B, signed in, cannot reach anything of customer A's by putting
 * A's ids in any URL, and no page B can open shows A's sale, customerRef or email. Ids in URLs are filled from A's own
 * data by the variable's name: a new variable name fails this test until it is given one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ristourne.test.context=pages", "ristourne.operator.password=" + OperatorClient.PASSWORD})
abstract class PageAuthorizationIntegrationTest {

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
            String name = variable.group(1).split(":")[0];
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
}
