package org.ristourne.broker.see.vendorstatements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.see.GetVendorStatement;
import org.ristourne.broker.api.see.VendorStatement;
import org.ristourne.broker.support.EpochMicros;
import org.ristourne.broker.vendor.users.VendorUserAccounts;
import org.ristourne.broker.web.PageFormats;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.PageClient;
import org.ristourne.support.PageRows;
import org.ristourne.support.Processors;
import org.ristourne.support.SigningVendor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A vendor's statements as its users meet them: vendors onboarded and sales reported through the real API and signed
 * webhooks, a vendor user signed in through the one sign-in form. The figures must be the ledger's and the arithmetic
 * of the sales (pool = margin × share), the CSV the page's rows, and nothing may name a customer but its customerRef.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ristourne.test.context=vendor-statements", "ristourne.operator.password=" + OperatorClient.PASSWORD,
        "ristourne.deadlines.polling-interval=1s"})
abstract class VendorStatementsIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern FIGURE = Pattern.compile(
            "<li data-currency=\"([A-Z]{3})\" data-figure=\"([a-z]+)\" data-amount=\"([^\"]+)\"");

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    VendorUserAccounts vendorUsers;

    @Autowired
    QueryGateway queries;

    @Autowired
    PageFormats formats;

    private OperatorClient operator;
    private String run;

    @BeforeEach
    void clients() {
        operator = new OperatorClient(base());
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void theStatementShowsTheLedgersFiguresAndTheSalesByCustomerRefAndTheCsvListsTheSameRows() {
        String shop = "shop-" + run;
        String other = "other-" + run;
        SigningVendor shopVendor = new SigningVendor(base(), shop, operator.onboardVendor(shop, 2000, 2500, 0));
        SigningVendor otherVendor = new SigningVendor(base(), other, operator.onboardVendor(other, 3000, 2500, 0));

        // Anna signs up through the form, so she has an email and a name the vendor must never see.
        PageClient anna = new PageClient(port);
        String annaEmail = "anna-" + run + "@example.org";
        anna.signUp("Anna Lindqvist", annaEmail, "correct horse battery");
        String annaId = jdbc.queryForObject("select customer_id from customer_account where email = ?", String.class,
                annaEmail);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        operator.call("POST", "/operator/customers/" + annaId + "/subscription-periods", """
                {"activeFrom":"%s","activeUntil":"%s","amountPaid":{"amount":990,"currency":"EUR"}}"""
                .formatted(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30))), 204);
        String annaRef = operator.call("POST", "/operator/customers/" + annaId + "/relationships",
                "{\"vendorId\":\"" + shop + "\"}", 201).get("customerRef").asString();
        OperatorClient.Customer bruno = operator.subscribedCustomerOf(shop);
        OperatorClient.Customer carla = operator.subscribedCustomerOf(other);

        // Not truncated: the agreement was adopted within this second, and a sale before it has no agreement in force.
        Instant completed = Instant.now();
        report(shopVendor, SigningVendor.saleCompleted("ord_1", annaRef, "EUR", 12_999, 4_200L, completed));
        report(shopVendor, SigningVendor.saleCompleted("ord_2", bruno.customerRef(), "EUR", 5_000, 1_000L,
                completed.plusSeconds(1)));
        report(shopVendor, SigningVendor.saleCompleted("ord_3", annaRef, "EUR", 2_000, 500L, completed.plusSeconds(2)));
        report(shopVendor, SigningVendor.saleCompleted("ord_4", bruno.customerRef(), "JPY", 10_000, 3_000L,
                completed.plusSeconds(3)));
        report(otherVendor, SigningVendor.saleCompleted("ord_9", carla.customerRef(), "EUR", 3_000, 1_000L,
                completed));
        Awaitility.await("the sale to refund confirmed").atMost(WAIT)
                .until(() -> "CONFIRMED".equals(lineState(shop + "/ord_3")));
        report(shopVendor, SigningVendor.saleRefunded("ord_3", "rf_1", 2_000, completed.plusSeconds(4)));
        Awaitility.await("the statement lines").atMost(WAIT).until(() -> "REFUNDED".equals(lineState(shop + "/ord_3"))
                && "CONFIRMED".equals(lineState(shop + "/ord_1")) && "CONFIRMED".equals(lineState(shop + "/ord_2"))
                && "CONFIRMED".equals(lineState(shop + "/ord_4")) && "CONFIRMED".equals(lineState(other + "/ord_9")));
        Processors.awaitCaughtUp(processing, jdbc, WAIT);

        PageClient ada = signedInVendorUser(shop, "ada");
        YearMonth period = YearMonth.from(Instant.now().atZone(formats.zone()));
        HttpResponse<String> response = ada.get("/vendor/statements?lang=en&period=" + period);
        assertThat(response.statusCode()).isEqualTo(200);
        String page = response.body();

        // pool = floor(margin × 2000 / 10000): 8.40, 2.00, 1.00 (refunded in full) in EUR, 600 in JPY.
        Map<String, String> figures = figures(page);
        assertThat(figures).containsEntry("EUR:owed", "11.40").containsEntry("EUR:refunded", "1.00")
                .containsEntry("EUR:pending", "0.00").containsEntry("EUR:confirmed", "10.40")
                .containsEntry("EUR:invoiced", "0.00").containsEntry("EUR:paid", "0.00")
                .containsEntry("EUR:receivable", "10.40")
                .containsEntry("JPY:owed", "600").containsEntry("JPY:refunded", "0")
                .containsEntry("JPY:confirmed", "600").containsEntry("JPY:receivable", "600");
        YearMonth month = period;
        List<VendorStatement> ledger = queries.query(new GetVendorStatement(shop,
                        month.atDay(1).atStartOfDay(formats.zone()).toInstant(),
                        month.plusMonths(1).atDay(1).atStartOfDay(formats.zone()).toInstant()),
                ResponseTypes.multipleInstancesOf(VendorStatement.class)).join();
        assertThat(ledger).hasSize(2);
        for (VendorStatement statement : ledger) {
            String currency = statement.sharesOwed().currency().getCurrencyCode();
            assertThat(figures).as("the ledger's figures, " + currency)
                    .containsEntry(currency + ":owed", statement.sharesOwed().toDecimalString())
                    .containsEntry(currency + ":refunded", statement.sharesRefunded().toDecimalString())
                    .containsEntry(currency + ":paid", statement.sharesFunded().toDecimalString())
                    .containsEntry(currency + ":receivable", statement.balanceAtEnd().toDecimalString());
        }

        List<Map<String, String>> rows = saleRows(page);
        assertThat(rows).extracting(row -> row.get("sale-id"), row -> row.get("customer-ref"),
                row -> row.get("currency"), row -> row.get("amount"), row -> row.get("refunded"),
                row -> row.get("margin"), row -> row.get("pool"), row -> row.get("pool-refunded"),
                row -> row.get("state"), row -> row.get("state-name")).containsExactly(
                tuple("ord_4", bruno.customerRef(), "JPY", "10000", "0", "3000", "600", "0", "CONFIRMED",
                        "Confirmed"),
                tuple("ord_3", annaRef, "EUR", "20.00", "20.00", "5.00", "1.00", "1.00", "REFUNDED",
                        "Cancelled (refunded)"),
                tuple("ord_2", bruno.customerRef(), "EUR", "50.00", "0.00", "10.00", "2.00", "0.00", "CONFIRMED",
                        "Confirmed"),
                tuple("ord_1", annaRef, "EUR", "129.99", "0.00", "42.00", "8.40", "0.00", "CONFIRMED",
                        "Confirmed"));
        assertThat(rows).allSatisfy(row -> assertThat(row.get("date"))
                .isEqualTo(completed.atZone(formats.zone()).toLocalDate().toString()));
        assertThat(page).doesNotContain("ord_9").doesNotContain(carla.customerRef());

        HttpResponse<String> csvResponse = ada.get("/vendor/statements.csv?lang=en&period=" + period);
        assertThat(csvResponse.statusCode()).isEqualTo(200);
        assertThat(csvResponse.headers().firstValue("Content-Type")).hasValue("text/csv;charset=UTF-8");
        assertThat(csvResponse.headers().firstValue("Content-Disposition")).hasValueSatisfying(disposition ->
                assertThat(disposition).startsWith("attachment"));
        List<List<String>> csv = csv(csvResponse.body());
        assertThat(csv.get(0)).isEqualTo(StatementCsv.HEADER);
        assertThat(csv.subList(1, csv.size())).as("the CSV's rows are the page's").isEqualTo(rows.stream()
                .map(row -> List.of(row.get("sale-id"), row.get("customer-ref"), row.get("date"), row.get("currency"),
                        row.get("amount"), row.get("refunded"), row.get("margin"), row.get("pool"),
                        row.get("pool-refunded"), row.get("state"), row.get("state-name"))).toList());

        for (String body : List.of(page, csvResponse.body())) {
            assertThat(body).as("no customer identity").doesNotContain(annaId).doesNotContain(bruno.customerId())
                    .doesNotContain(carla.customerId()).doesNotContain(annaEmail).doesNotContain("Lindqvist");
        }

        String french = ada.get("/vendor/statements?lang=fr&period=" + period).body();
        assertThat(saleRows(french)).extracting(row -> row.get("state-name"))
                .containsExactly("Confirmée", "Annulée (remboursée)", "Confirmée", "Confirmée");

        // The other vendor's user sees its own sale, and none of the first vendor's.
        PageClient otto = signedInVendorUser(other, "otto");
        String otherPage = otto.get("/vendor/statements?period=" + period).body();
        assertThat(saleRows(otherPage)).extracting(row -> row.get("sale-id"), row -> row.get("customer-ref"),
                row -> row.get("pool")).containsExactly(tuple("ord_9", carla.customerRef(), "3.00"));
        assertThat(otherPage).doesNotContain(annaRef).doesNotContain(bruno.customerRef());
        String otherCsv = otto.get("/vendor/statements.csv?period=" + period).body();
        assertThat(csv(otherCsv)).hasSize(2);
        assertThat(otherCsv).doesNotContain("ord_1").doesNotContain(annaRef).doesNotContain(bruno.customerRef());

        // The customer is signed in: the vendor console is not theirs.
        assertThat(anna.get("/vendor/statements").statusCode()).isEqualTo(403);
        assertThat(anna.get("/vendor/statements.csv").statusCode()).isEqualTo(403);
    }

    /**
     * Invoices and a paid sale need Stripe and the vendor's payment to reach, so they are set straight in the read
     * models the page reads (the projections' own tests cover how events write them). "Invoiced" counts the invoices
     * issued in the month; an invoice issued before and paid in it is listed with its payment date; a sale id that a
     * spreadsheet would run as a formula reaches the CSV defused.
     */
    @Test
    void invoicesAndPaidSalesShowAsTheReadModelsHoldThem() {
        String vendor = "billed-" + run;
        operator.onboardVendor(vendor, 2000, 2500, 0);
        YearMonth period = YearMonth.of(2025, 3);
        long day = 86_400_000_000L;
        long start = EpochMicros.of(period.atDay(1).atStartOfDay(formats.zone()).toInstant());
        invoice("inv-new-" + run, vendor, 1_040, "sent", start + 2 * day, null);
        invoice("inv-old-" + run, vendor, 630, "paid", start - 5 * day, start + 3 * day);
        invoice("inv-other-" + run, "elsewhere-" + run, 999, "sent", start + 2 * day, null);
        String customerId = "cust-" + run;
        jdbc.update("""
                insert into directory_relationship (customer_ref, relationship_id, customer_id, vendor_id, open_pair,
                    opened_at_us) values (?, ?, ?, ?, ?, ?)""", "ref-" + run, "rel-" + run, customerId, vendor,
                customerId + "|" + vendor, start - 30 * day);
        jdbc.update("""
                insert into customer_statement_line (sale_key, customer_id, vendor_id, vendor_sale_id, currency,
                    amount_minor, margin_minor, share_bps, broker_fee_bps, refunded_minor, rebate_minor, state,
                    completed_at_us, confirmable_at_us, paid_minor)
                values (?, ?, ?, '=1+1', 'EUR', 12999, 4200, 2000, 2500, 0, 630, 'PAYABLE', ?, ?, 0)""",
                vendor + "/=1+1", customerId, vendor, start + day, start + day);
        jdbc.update("""
                insert into ledger_entry (posting_id, entry_no, account_type, owner, currency, amount_minor, reason,
                    effective_at_us, booked_at_us, sale_key)
                values (?, 0, 'VENDOR_SHARES_RECEIVABLE', ?, 'EUR', 840, 'SHARES_PENDING', ?, ?, ?)""",
                "pending-" + run, vendor, start + day, start + day, vendor + "/=1+1");
        jdbc.update("""
                insert into ledger_entry (posting_id, entry_no, account_type, owner, currency, amount_minor, reason,
                    effective_at_us, booked_at_us, sale_key)
                values (?, 0, 'VENDOR_SHARES_RECEIVABLE', ?, 'EUR', -840, 'SHARES_FUNDED', ?, ?, ?)""",
                "funded-" + run, vendor, start + 3 * day, start + 3 * day, vendor + "/=1+1");

        PageClient user = signedInVendorUser(vendor, "bea");
        String page = user.get("/vendor/statements?lang=en&period=" + period).body();
        assertThat(figures(page)).containsEntry("EUR:owed", "8.40").containsEntry("EUR:invoiced", "10.40")
                .containsEntry("EUR:paid", "8.40").containsEntry("EUR:receivable", "0.00")
                .containsEntry("EUR:confirmed", "0.00");
        assertThat(page).contains("data-invoice-id=\"inv-old-" + run + "\"").contains("data-invoice-id=\"inv-new-"
                + run + "\"").doesNotContain("inv-other-").contains("data-paid=\"" + period.atDay(4) + "\"")
                .contains("data-issued=\"" + period.atDay(3) + "\"").doesNotContain(customerId);
        List<Map<String, String>> rows = saleRows(page);
        assertThat(rows).extracting(row -> row.get("sale-id"), row -> row.get("customer-ref"),
                row -> row.get("state"), row -> row.get("state-name"), row -> row.get("date"))
                .containsExactly(tuple("=1+1", "ref-" + run, "PAID", "Paid", period.atDay(2).toString()));
        String csv = user.get("/vendor/statements.csv?lang=en&period=" + period).body();
        assertThat(csv(csv).get(1)).containsExactly("'=1+1", "ref-" + run, period.atDay(2).toString(), "EUR",
                "129.99", "0.00", "42.00", "8.40", "0.00", "PAID", "Paid");
        assertThat(csv).doesNotContain(customerId);
    }

    private void invoice(String invoiceId, String vendor, long total, String state, long issuedAt,
                         @org.jspecify.annotations.Nullable Long paidAt) {
        jdbc.update("""
                insert into vendor_invoice (invoice_id, currency, vendor_id, period_end_us, issued_at_us, due_at_us,
                    total_minor, sale_count, deduction_count, state, paid_at_us)
                values (?, 'EUR', ?, ?, ?, ?, ?, 1, 0, ?, ?)""", invoiceId, vendor, issuedAt, issuedAt,
                issuedAt + 86_400_000_000L * 14, total, state, paidAt);
    }

    @Test
    void aPeriodWithNothingSaysSo() {
        String quiet = "quiet-" + run;
        operator.onboardVendor(quiet, 2000, 2500, 0);
        PageClient user = signedInVendorUser(quiet, "quinn");
        HttpResponse<String> page = user.get("/vendor/statements?lang=en&period=2001-01");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"nothing\"").contains("Nothing in January 2001")
                .contains("No sale in this period.").doesNotContain("<tr class=\"sale\"");
        assertThat(page.body()).contains("href=\"/vendor/statements.csv?period=2001-01\"");
        List<List<String>> csv = csv(user.get("/vendor/statements.csv?period=2001-01").body());
        assertThat(csv).containsExactly(StatementCsv.HEADER);
        HttpResponse<String> thisMonth = user.get("/vendor/statements?lang=en");
        assertThat(thisMonth.statusCode()).isEqualTo(200);
        assertThat(thisMonth.body()).contains("id=\"nothing\"")
                .contains("aria-current=\"page\" data-period=\""
                        + YearMonth.from(Instant.now().atZone(formats.zone())) + "\"");
    }

    @Test
    void aMalformedPeriodIsABadRequestThatSaysWhy() {
        String vendor = "odd-" + run;
        operator.onboardVendor(vendor, 2000, 2500, 0);
        PageClient user = signedInVendorUser(vendor, "olga");
        for (String period : List.of("2026-13", "2026-1", "november", "2026-00", "<b>x</b>")) {
            HttpResponse<String> page = user.get("/vendor/statements?lang=en&period="
                    + java.net.URLEncoder.encode(period, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(page.statusCode()).as(period).isEqualTo(400);
            assertThat(page.body()).as(period).contains("id=\"malformed-period\"")
                    .contains("give a month as YYYY-MM").doesNotContain("<b>x</b>");
            HttpResponse<String> csv = user.get("/vendor/statements.csv?lang=en&period="
                    + java.net.URLEncoder.encode(period, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(csv.statusCode()).as(period).isEqualTo(400);
            assertThat(csv.body()).as(period).contains("give a month as YYYY-MM").doesNotContain("sale_id");
        }
    }

    @Test
    void anonymousVisitorsAndCustomersAreRefused() {
        PageClient stranger = new PageClient(port);
        for (String path : List.of("/vendor/statements", "/vendor/statements.csv?period=2026-01")) {
            HttpResponse<String> answer = stranger.get(path);
            assertThat(answer.statusCode()).as(path).isIn(302, 401);
            assertThat(answer.body()).as(path).doesNotContain("sale_id").doesNotContain("statement-sales");
        }
        assertThat(PageClient.location(stranger.get("/vendor/statements"))).endsWith("/sign-in");
        PageClient customer = new PageClient(port);
        customer.signUp("Dora", "dora-" + run + "@example.org", "correct horse battery");
        assertThat(customer.get("/vendor/statements").statusCode()).isEqualTo(403);
        assertThat(customer.get("/vendor/statements.csv?period=2026-01").statusCode()).isEqualTo(403);
    }

    private PageClient signedInVendorUser(String vendorId, String name) {
        VendorUserAccounts.Created user = vendorUsers.create(new VendorId(vendorId), name + "-" + run
                + "@example.org", name);
        PageClient pages = new PageClient(port);
        HttpResponse<String> signIn = pages.signIn(user.email(), user.initialPassword());
        assertThat(PageClient.location(signIn)).as("signed in").endsWith("/vendor");
        return pages;
    }

    private static Map<String, String> figures(String page) {
        Map<String, String> figures = new LinkedHashMap<>();
        Matcher matcher = FIGURE.matcher(page);
        while (matcher.find()) {
            figures.put(matcher.group(1) + ":" + matcher.group(2), matcher.group(3));
        }
        return figures;
    }

    static List<Map<String, String>> saleRows(String page) {
        return PageRows.dataRows(page, "tr", "sale");
    }

    static List<List<String>> csv(String text) {
        return PageRows.csv(text);
    }

    private static void report(SigningVendor vendor, String body) {
        HttpResponse<String> answer = vendor.send(body);
        assertThat(answer.statusCode()).as(answer.body()).isIn(200, 202);
    }

    private String lineState(String saleKey) {
        return jdbc.queryForList("select state from customer_statement_line where sale_key = ?", String.class, saleKey)
                .stream().findFirst().orElse(null);
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}
