package org.ristourne.broker.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.Test;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.PageClient;
import org.ristourne.support.fuzz.Mutator;
import org.ristourne.support.fuzz.UnchangedDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The pages' forms fuzzed, each as the role that may use it: sign-up (anonymous), opening and ending relationships
 * (a customer), onboarding a vendor, suspending it, changing its agreement and creating its users (the operator).
 * Each field gets its usual value or a seeded odd one (at and past every length, odd Unicode, numbers of every size),
 * fields go missing or come twice, path ids are mangled, and one case in ten has no or a wrong CSRF token. For every
 * case: never a 5xx, and a refusal (4xx) leaves the database exactly as it was (checked whole after each case).
 * Sign-in is left out: its failures are throttled per address, and every test of this context calls from 127.0.0.1.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ristourne.test.context=pages", "ristourne.operator.password=" + OperatorClient.PASSWORD})
abstract class FormsFuzzIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    EventProcessingConfiguration processing;

    abstract int defaultCases();

    /** A form: who posts it, the page that holds it, where it posts, and its fields with their usual values. */
    private record Form(String role, String page, String action, Map<String, String> fields) {
    }

    @Test
    void noFormAnswers5xxAndEveryRefusalChangesNothing() {
        int cases = Integer.getInteger("ristourne.fuzz.forms", defaultCases());
        long seed = Long.getLong("ristourne.fuzz.seed", 20_261_127L);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        OperatorClient api = new OperatorClient("http://127.0.0.1:" + port);
        String vendorId = "fuzz-" + suffix;
        api.onboardVendor(vendorId, 2000, 2500, 14);
        PageClient customer = new PageClient(port);
        assertThat(customer.signUp("Fuzz Customer", "fuzz." + suffix + "@example.org", "correct horse battery")
                .statusCode()).isEqualTo(302);
        PageClient operator = new PageClient(port);
        assertThat(PageClient.location(operator.signIn("operator", OperatorClient.PASSWORD))).endsWith("/operations");
        Map<String, PageClient> roles = Map.of("customer", customer, "operator", operator);
        List<Form> forms = forms(vendorId);

        Mutator mutator = new Mutator(seed);
        Random random = mutator.random();
        Map<Integer, Integer> statuses = new TreeMap<>();
        UnchangedDatabase database = new UnchangedDatabase(dataSource, processing);
        long started = System.nanoTime();
        for (int i = 0; i < cases; i++) {
            Form form = forms.get(random.nextInt(forms.size()));
            // a visitor signed up by an earlier case would be signed in: each anonymous case is a new visitor
            PageClient client = roles.getOrDefault(form.role(), new PageClient(port));
            Map<String, String> fields = new LinkedHashMap<>();
            form.fields().forEach((name, usual) -> {
                int roll = random.nextInt(10);
                if (roll < 5) {
                    fields.put(name, usual);
                } else if (roll < 9) {
                    fields.put(name, mutator.text());
                }
            });
            String action = random.nextInt(10) == 0
                    ? form.action().replace(vendorId, List.of("", "x", "NO", "a".repeat(300), "..", "%00")
                            .get(random.nextInt(6))) : form.action();
            HttpResponse<String> page = client.get(form.page());
            int csrf = random.nextInt(20);
            if (csrf > 1) {
                fields.put("_csrf", client.csrfToken());
            } else if (csrf == 1) {
                fields.put("_csrf", "not-the-token");
            }
            String reproduce = "seed " + seed + ", case " + i + ": " + form.role() + " POST " + action + " " + fields;
            HttpResponse<String> answer;
            try {
                answer = client.post(action, fields);
            } catch (IllegalArgumentException unsendable) {
                // a path no HTTP client will send (the JDK's refuses some characters): nothing reached the broker
                continue;
            }
            statuses.merge(answer.statusCode(), 1, Integer::sum);
            assertThat(page.statusCode()).as(reproduce).isEqualTo(200);
            assertThat(answer.statusCode()).as(reproduce + "\n" + answer.body()).isLessThan(500);
            if (answer.statusCode() >= 400) {
                database.assertUnchanged(reproduce);
            } else {
                database.accept();
            }
        }
        System.out.printf("forms fuzz (%s): %d cases, seed %d, %.1f s, answers %s, %d whole-database checks, 0 5xx, "
                + "0 refusals that changed the database%n", getClass().getSimpleName(), cases, seed,
                (System.nanoTime() - started) / 1e9, statuses, database.checks());
    }

    /**
     * Every page a role reads, with seeded odd values for the query parameters pages take (language, period, outcome,
     * e-mail, limit), for path ids and for Accept-Language: never a 5xx, and nothing changes (reading is all they do).
     */
    @Test
    void noPageAnswers5xxWhateverItsQueryIdsOrLanguage() {
        long seed = Long.getLong("ristourne.fuzz.seed", 20_261_127L);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        new OperatorClient("http://127.0.0.1:" + port).onboardVendor("pages-" + suffix, 2000, 2500, 14);
        PageClient customer = new PageClient(port);
        customer.signUp("Page Reader", "reader." + suffix + "@example.org", "correct horse battery");
        PageClient operator = new PageClient(port);
        operator.signIn("operator", OperatorClient.PASSWORD);
        Map<PageClient, List<String>> pages = Map.of(
                new PageClient(port), List.of("/", "/sign-in", "/sign-up"),
                customer, List.of("/", "/account", "/account/statement.csv", "/account/data.json", "/relationships",
                        "/relationships/{id}"),
                operator, List.of("/operations", "/operations/processors", "/operations/vendors",
                        "/operations/vendors/{id}", "/operations/customers"));
        List<String> parameters = List.of("lang", "period", "outcome", "email", "limit", "error", "page");
        Mutator mutator = new Mutator(seed);
        Random random = mutator.random();
        UnchangedDatabase database = new UnchangedDatabase(dataSource, processing);
        Map<Integer, Integer> statuses = new TreeMap<>();
        int cases = 0;
        for (Map.Entry<PageClient, List<String>> role : pages.entrySet()) {
            for (String path : role.getValue()) {
                for (int i = 0; i < 25; i++) {
                    StringBuilder url = new StringBuilder(path.replace("{id}", encode(mutator.text())));
                    url.append('?');
                    for (int p = random.nextInt(3); p >= 0; p--) {
                        url.append(parameters.get(random.nextInt(parameters.size()))).append('=')
                                .append(encode(mutator.text())).append('&');
                    }
                    String language = mutator.text();
                    HttpResponse<String> answer;
                    try {
                        answer = role.getKey().get(url.toString(), language);
                    } catch (IllegalArgumentException unsendable) {
                        // a header value Java's client will not send (control characters): nothing reached the broker
                        continue;
                    }
                    cases++;
                    statuses.merge(answer.statusCode(), 1, Integer::sum);
                    assertThat(answer.statusCode()).as("seed " + seed + ": GET " + url + " Accept-Language: "
                            + language + "\n" + answer.body()).isLessThan(500);
                }
            }
        }
        database.assertUnchanged("reading pages (seed " + seed + ")");
        System.out.printf("pages fuzz (%s): %d reads, seed %d, answers %s, 0 5xx, nothing changed%n",
                getClass().getSimpleName(), cases, seed, statuses);
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static List<Form> forms(String vendorId) {
        Map<String, String> agreement = new LinkedHashMap<>();
        agreement.put("sharePercent", "20");
        agreement.put("brokerFeePercent", "25");
        agreement.put("holdDays", "14");
        agreement.put("defaultMarginPercent", "30");
        agreement.put("currencies", "EUR");
        Map<String, String> onboarding = new LinkedHashMap<>();
        onboarding.put("vendorId", "new-" + UUID.randomUUID().toString().substring(0, 8));
        onboarding.put("displayName", "New vendor");
        onboarding.putAll(agreement);
        String vendorPage = "/operations/vendors/" + vendorId;
        return List.of(
                new Form("anonymous", "/sign-up", "/sign-up", Map.of("displayName", "Anna", "email",
                        "anna." + UUID.randomUUID().toString().substring(0, 8) + "@example.org", "password",
                        "correct horse battery")),
                new Form("customer", "/relationships", "/relationships", Map.of("vendorId", vendorId)),
                new Form("customer", "/relationships", "/relationships/" + vendorId + "/end", Map.of()),
                new Form("operator", "/operations/vendors", "/operations/vendors", onboarding),
                new Form("operator", vendorPage, vendorPage + "/suspension", Map.of("reason", "unpaid invoices")),
                new Form("operator", vendorPage, vendorPage + "/reinstatement", Map.of()),
                new Form("operator", vendorPage, vendorPage + "/agreement", agreement),
                new Form("operator", "/operations", "/operations/parked/retry", Map.of("sequence", "1")),
                new Form("operator", "/operations", "/operations/parked/drop-first", Map.of("sequence", "1")),
                new Form("operator", vendorPage, vendorPage + "/users", Map.of("email",
                        "user." + UUID.randomUUID().toString().substring(0, 8) + "@example.org", "displayName",
                        "Vendor user")));
    }
}
