package org.ristourne.broker.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.ristourne.broker.api.see.GetCustomerStatement;
import org.ristourne.broker.api.see.StatementLine;
import org.ristourne.broker.api.vendorinvoice.FindVendorInvoices;
import org.ristourne.broker.api.vendorinvoice.VendorInvoiceView;
import org.ristourne.broker.subscribe.account.CustomerAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The demo as a visitor meets it: the broker started with {@code ristourne.demo.enabled}, the demo customer signs in
 * through the real form, their statement holds a sale in each state the demo promises, and seeding again adds nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "ristourne.demo.enabled=true")
abstract class DemoDataIntegrationTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    @LocalServerPort
    int port;

    @Autowired
    DemoData demo;

    @Autowired
    CustomerAccounts accounts;

    @Autowired
    QueryGateway queries;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theDemoCustomerSignsInAndLandsOnTheAccountPage() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpResponse<String> form = browser.send(HttpRequest.newBuilder(uri("/sign-in")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher csrf = CSRF.matcher(form.body());
        assertThat(csrf.find()).as("CSRF field in the sign-in form").isTrue();

        String body = "email=" + encode(DemoData.EMAIL) + "&password=" + encode(DemoData.PASSWORD) + "&_csrf="
                + encode(csrf.group(1));
        HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(uri("/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(URI.create(location).getPath()).isEqualTo("/account"));
    }

    @Test
    void theStatementHasASaleInEachStateTheDemoReachesWithoutStripe() {
        List<StatementLine> lines = statement();

        Set<String> states = lines.stream().map(StatementLine::state).collect(Collectors.toSet());
        assertThat(states).containsExactlyInAnyOrder("PENDING", "CONFIRMED", "INVOICED", "PAYABLE", "REFUNDED");
        assertThat(lines).hasSize(11);
        assertThat(lines).filteredOn(line -> line.state().equals("PAYABLE")).hasSize(4);
        assertThat(lines).filteredOn(line -> line.state().equals("INVOICED")).hasSize(3);
        assertThat(lines).filteredOn(line -> line.refunded().isPositive()).hasSize(3);
        // The per-month chart needs sales spread over past months, not all in this one.
        assertThat(lines.stream().map(line -> line.completedAt().toString().substring(0, 7)).distinct().count())
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void theFirstVendorInvoiceIsPaidAndTheSecondAwaitsPayment() {
        List<VendorInvoiceView> invoices = queries.query(new FindVendorInvoices(null),
                ResponseTypes.multipleInstancesOf(VendorInvoiceView.class)).join().stream()
                .filter(view -> view.vendorId().equals(DemoData.VENDOR.value())).toList();

        assertThat(invoices).extracting(VendorInvoiceView::state).containsExactlyInAnyOrder("paid", "issued");
    }

    @Test
    void seedingAgainAddsNothing() {
        long events = events();
        long lines = statement().size();

        assertThat(demo.seed()).isEqualTo(DemoData.Outcome.ALREADY_THERE);

        assertThat(events()).isEqualTo(events);
        assertThat(statement()).hasSize((int) lines);
        assertThat(jdbc.queryForObject("select count(*) from customer_account where email = ?", Long.class,
                DemoData.EMAIL)).isEqualTo(1);
    }

    private List<StatementLine> statement() {
        String customerId = accounts.byEmail(DemoData.EMAIL).orElseThrow().customerId().value();
        return queries.query(new GetCustomerStatement(customerId),
                ResponseTypes.multipleInstancesOf(StatementLine.class)).join();
    }

    private long events() {
        return jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
