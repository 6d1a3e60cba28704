package org.ristourne.broker.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.ristourne.broker.api.see.GetCustomerStatement;
import org.ristourne.broker.api.see.GetInvestmentRecovered;
import org.ristourne.broker.api.see.InvestmentRecovered;
import org.ristourne.broker.api.see.StatementLine;
import org.ristourne.broker.api.vendorinvoice.FindVendorInvoices;
import org.ristourne.broker.api.vendorinvoice.VendorInvoiceView;
import org.ristourne.broker.subscribe.account.CustomerAccounts;
import org.ristourne.ledger.money.Money;
import org.ristourne.support.OperatorClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The demo as a visitor meets it: the broker started with {@code ristourne.demo.enabled}, the demo customer signs in
 * through the real form, their statement holds a sale in each state but PAID (cash needs Stripe Connect), and seeding
 * again adds nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ristourne.demo.enabled=true", "ristourne.operator.password=" + OperatorClient.PASSWORD})
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
    void theStatementHasASaleInEachStateTheStatementKnowsButPaidInCash() {
        List<StatementLine> lines = statement();

        assertThat(lines).hasSize(11);
        Map<String, Long> states = lines.stream()
                .collect(Collectors.groupingBy(StatementLine::state, Collectors.counting()));
        assertThat(states).containsExactlyInAnyOrderEntriesOf(Map.of("PENDING", 2L, "CONFIRMED", 1L, "INVOICED", 3L,
                "PAYABLE", 2L, "CREDITED", 2L, "REFUNDED", 1L));
        assertThat(lines).filteredOn(line -> line.state().equals("CREDITED"))
                .allSatisfy(line -> assertThat(line.paid()).isEqualTo(line.rebate()));
        assertThat(lines).filteredOn(line -> line.refunded().isPositive()).hasSize(3);
        // The per-month chart needs sales spread over past months, not all in this one.
        assertThat(lines.stream().map(line -> line.completedAt().toString().substring(0, 7)).distinct().count())
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void theCreditedRebatesCountAsRecoveredAgainstFiveMonthsOfSubscription() {
        Instant now = Instant.now();
        List<InvestmentRecovered> recovered = queries.query(new GetInvestmentRecovered(customerId(),
                        now.minus(Duration.ofDays(200)), now.plus(Duration.ofDays(40))),
                ResponseTypes.multipleInstancesOf(InvestmentRecovered.class)).join();

        // 6.30 + 11.25 credited (15 % of the margins 42.00 and 75.00) against 5 x 4.99 paid.
        assertThat(recovered).containsExactly(new InvestmentRecovered(Money.of(1755, "EUR"), Money.of(2495, "EUR"),
                7034L));
    }

    @Test
    void twoVendorInvoicesArePaidAndTheThirdAwaitsPayment() {
        List<VendorInvoiceView> invoices = queries.query(new FindVendorInvoices(null),
                ResponseTypes.multipleInstancesOf(VendorInvoiceView.class)).join().stream()
                .filter(view -> view.vendorId().equals(DemoData.VENDOR.value())).toList();

        assertThat(invoices).extracting(VendorInvoiceView::state).containsExactlyInAnyOrder("paid", "paid", "issued");
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

    private String customerId() {
        return accounts.byEmail(DemoData.EMAIL).orElseThrow().customerId().value();
    }

    private List<StatementLine> statement() {
        return queries.query(new GetCustomerStatement(customerId()),
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
