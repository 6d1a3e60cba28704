package org.ristourne.broker.see;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;
import org.ristourne.broker.web.PageFormats;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.PageClient;
import org.ristourne.support.PageRows;
import org.ristourne.support.Processors;
import org.ristourne.support.SigningVendor;
import org.ristourne.support.browser.Browser;
import org.ristourne.support.browser.BrowserTestContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A vendor's developer in a real browser: the operator onboards the vendor and creates its user on the operator's
 * page (first password shown once); the user signs in on the one sign-in form, lands on the console and reads the
 * integration's health; rotates the signing secret, reads the new one from the page, and the vendor's system signs a
 * real sale with it; presses test-send and finds that report, refused by design, in the delivery log with its answer,
 * next to a signed report that broke a rule; filters the log; reads the statement, whose CSV (fetched with the
 * browser's own session) holds the page's rows and names customers by customerRef only. Axe checks every vendor page
 * on the way, in English and the console in French; the walk leaves the console's screenshot.
 */
class VendorWalkBrowserTest extends BrowserTestContext {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    PageFormats formats;

    @Test
    void vendorUserRotatesTheSecretSendsATestReportReadsTheLogAndTheStatement() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String vendorId = "atelier-" + run;
        OperatorClient operator = new OperatorClient(baseUrl());
        // No return window, so the sales confirm within the walk; EUR only, so a sale in dollars breaks a rule.
        String firstSecret = operator.call("POST", "/operator/vendors", """
                {"vendorId":"%s","displayName":"Atelier Lumière","agreement":{"shareBps":2000,"brokerFeeBps":2500,\
                "holdDays":0,"currencies":["EUR"]}}""".formatted(vendorId), 201).get("webhookSecret").asString();

        // A customer who signed up through the form, so that there is an email and a name the vendor must never see,
        // subscribed and with a relationship to the vendor.
        String email = "ines-" + run + "@example.org";
        assertThat(new PageClient(port).signUp("Inès Marchetti", email, "correct horse battery").statusCode())
                .isEqualTo(302);
        String customerId = jdbc.queryForObject("select customer_id from customer_account where email = ?",
                String.class, email);
        Instant now = Instant.now();
        operator.call("POST", "/operator/customers/" + customerId + "/subscription-periods", """
                {"activeFrom":"%s","activeUntil":"%s","amountPaid":{"amount":990,"currency":"EUR"}}"""
                .formatted(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30))), 204);
        String customerRef = operator.call("POST", "/operator/customers/" + customerId + "/relationships",
                "{\"vendorId\":\"" + vendorId + "\"}", 201).get("customerRef").asString();
        SigningVendor vendor = new SigningVendor(baseUrl(), vendorId, firstSecret);

        try (Browser browser = Browser.start(baseUrl(), Locale.ENGLISH)) {
            // The operator creates the vendor's user on the operator's page: the first password is shown once.
            browser.open("/sign-in");
            browser.type("#email", "operator");
            browser.type("#password", OperatorClient.PASSWORD);
            browser.clickAndWaitForPage("#sign-in");
            assertThat(browser.currentPath()).startsWith("/operations");
            browser.open("/operations/vendors/" + vendorId);
            String userEmail = "dev-" + run + "@atelier.example";
            browser.type("#user-email", userEmail);
            browser.type("#user-name", "Camille Roux");
            browser.clickAndWaitForPage("#create-user");
            assertThat(browser.text("#created-email")).isEqualTo(userEmail);
            String firstPassword = browser.text("#initial-password");
            assertThat(firstPassword).isNotBlank();
            browser.open("/operations/vendors/" + vendorId);
            assertThat(browser.findAll("#initial-password")).as("the first password is shown once").isEmpty();
            browser.clickAndWaitForPage("#sign-out");

            // The vendor's user signs in on the same form and lands on the console: health first, nothing yet.
            browser.open("/sign-in");
            browser.type("#email", userEmail);
            browser.type("#password", firstPassword);
            browser.clickAndWaitForPage("#sign-in");
            assertThat(browser.currentPath()).isEqualTo("/vendor");
            assertThat(browser.find("main").getAttribute("data-vendor-id")).isEqualTo(vendorId);
            assertThat(browser.text("h1")).isEqualTo("Console of Atelier Lumière");
            assertThat(browser.find("#health-last-report").getAttribute("data-last-recorded")).isEmpty();
            assertThat(browser.find("#health-recorded").getAttribute("data-count")).isEqualTo("0");
            assertThat(browser.find("#health-secret").getAttribute("data-issued")).isNotBlank();
            assertThat(browser.find("#health-rotation").getAttribute("data-state")).isEqualTo("none");
            assertThat(browser.text("#webhook-url")).endsWith("/webhooks/vendors/" + vendorId);
            browser.assertAccessible();
            browser.open("/vendor?lang=fr");
            assertThat(browser.find("html").getAttribute("lang")).isEqualTo("fr");
            assertThat(browser.text("#health-title")).isEqualTo("État de l'intégration");
            browser.assertAccessible();
            browser.open("/vendor?lang=en");

            // Rotate: the new secret is on the page once; a real sale signed with it is accepted.
            browser.clickAndWaitForPage("#rotate-secret");
            String newSecret = browser.text("#new-secret");
            assertThat(newSecret).startsWith("whsec_").isNotEqualTo(firstSecret);
            assertThat(browser.find("#secret-overlap").getAttribute("data-previous-valid-until")).isNotBlank();
            browser.assertAccessible();
            vendor.useSecret(newSecret);
            String recordedId = SigningVendor.newWebhookId();
            accepted(vendor.send(recordedId, SigningVendor.saleCompleted("ord_1", customerRef, "EUR", 12_999, 4_200L,
                    Instant.now())));
            // The previous secret keeps working during the overlap (24 hours), as the page said.
            vendor.useSecret(firstSecret);
            String recordedWithOldId = SigningVendor.newWebhookId();
            accepted(vendor.send(recordedWithOldId, SigningVendor.saleCompleted("ord_2", customerRef, "EUR", 4_550,
                    1_500L, Instant.now())));
            vendor.useSecret(newSecret);
            browser.clickAndWaitForPage("#back-to-console");
            assertThat(browser.findAll("#new-secret")).isEmpty();
            assertThat(browser.find("main").getText()).doesNotContain(newSecret).doesNotContain(firstSecret);
            assertThat(browser.find("#health-rotation").getAttribute("data-state")).isEqualTo("in-progress");
            assertThat(browser.find("#health-recorded").getAttribute("data-count")).isEqualTo("2");

            // A signed report that breaks a rule: a currency the agreement does not take.
            String refusedId = SigningVendor.newWebhookId();
            HttpResponse<String> refused = vendor.send(refusedId, SigningVendor.saleCompleted("ord_3", customerRef,
                    "USD", 2_000, 500L, Instant.now()));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
            assertThat(refused.body()).contains("/problems/unsupported-currency");

            // Test send: the real answer on the page, and its row at the top of the log.
            browser.open("/vendor/deliveries");
            browser.clickAndWaitForPage("#test-send-button");
            assertThat(browser.find("#test-send-result").getAttribute("data-status")).isEqualTo("422");
            String testId = browser.find("#test-send-result").getAttribute("data-webhook-id");
            assertThat(browser.text("#test-send-result")).contains("Your webhook answered 422")
                    .contains("/problems/unknown-customer-ref");
            List<Map<String, String>> log = PageRows.dataRows(browser, "tr.delivery");
            assertThat(log).extracting(row -> row.get("webhook-id"), row -> row.get("outcome"),
                    row -> row.get("status"), row -> row.getOrDefault("problem", ""), row -> row.get("test"))
                    .containsExactly(
                    tuple(testId, "refused", "422", "unknown-customer-ref", "true"),
                    tuple(refusedId, "refused", "422", "unsupported-currency", "false"),
                    tuple(recordedWithOldId, "recorded", "202", "", "false"),
                    tuple(recordedId, "recorded", "202", "", "false"));
            browser.assertAccessible();

            // The refusal as the log words it: its problem type and detail.
            browser.open("/vendor/deliveries");
            String refusedRow = "tr.delivery[data-webhook-id='" + refusedId + "']";
            assertThat(browser.text(refusedRow + " code.problem-type")).isEqualTo("unsupported-currency");
            assertThat(browser.text(refusedRow + " td.detail")).contains("USD is not among the currencies");
            assertThat(browser.text("tr.delivery[data-webhook-id='" + testId + "'] .test-mark")).isEqualTo("(test)");

            // Filter by outcome with the page's own form.
            new Select(browser.find("#outcome")).selectByValue("refused");
            browser.clickAndWaitForPage("#deliveries-filter button[type='submit']");
            assertThat(browser.currentPath()).isEqualTo("/vendor/deliveries?outcome=refused");
            assertThat(PageRows.dataRows(browser, "tr.delivery")).extracting(row -> row.get("webhook-id"))
                    .containsExactly(testId, refusedId);
            assertThat(new Select(browser.find("#outcome")).getFirstSelectedOption().getAttribute("value"))
                    .isEqualTo("refused");
            browser.assertAccessible();
            new Select(browser.find("#outcome")).selectByValue("recorded");
            browser.clickAndWaitForPage("#deliveries-filter button[type='submit']");
            assertThat(PageRows.dataRows(browser, "tr.delivery")).extracting(row -> row.get("webhook-id"))
                    .containsExactly(recordedWithOldId, recordedId);
            new Select(browser.find("#outcome")).selectByValue("");
            browser.clickAndWaitForPage("#deliveries-filter button[type='submit']");
            assertThat(PageRows.dataRows(browser, "tr.delivery")).hasSize(4);

            // The statement: both sales, once their shares are confirmed (a return window of no days).
            Awaitility.await("both sales confirmed").atMost(WAIT).until(() -> jdbc.queryForObject("""
                    select count(*) from customer_statement_line where vendor_id = ? and state = 'CONFIRMED'""",
                    Integer.class, vendorId) == 2);
            Processors.awaitCaughtUp(processing, jdbc, WAIT);
            browser.open("/vendor/statements");
            String period = YearMonth.from(Instant.now().atZone(formats.zone())).toString();
            assertThat(browser.find("a[aria-current='page']").getAttribute("data-period")).isEqualTo(period);
            List<Map<String, String>> sales = PageRows.dataRows(browser, "tr.sale");
            assertThat(sales).extracting(row -> row.get("sale-id"), row -> row.get("customer-ref"),
                    row -> row.get("amount"), row -> row.get("margin"), row -> row.get("pool"),
                    row -> row.get("state")).containsExactly(
                    tuple("ord_2", customerRef, "45.50", "15.00", "3.00", "CONFIRMED"),
                    tuple("ord_1", customerRef, "129.99", "42.00", "8.40",
                            "CONFIRMED"));
            assertThat(browser.find("li[data-currency='EUR'][data-figure='owed']").getAttribute("data-amount"))
                    .isEqualTo("11.40");
            String statementText = browser.find("html").getAttribute("outerHTML");
            assertThat(statementText).as("customers by customerRef only").doesNotContain(customerId)
                    .doesNotContain(email).doesNotContain("Marchetti").doesNotContain("Inès");
            browser.assertAccessible();

            // The CSV behind the page's link, with the browser's session: the page's rows, figure for figure.
            HttpResponse<String> csv = HTTP.send(HttpRequest.newBuilder(URI.create(
                            browser.find("a#statements-csv").getAttribute("href"))).timeout(WAIT)
                    .header("Cookie", browser.cookieHeader()).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv;charset=UTF-8");
            assertThat(csv.body()).doesNotContain(customerId).doesNotContain(email).doesNotContain("Marchetti");
            List<List<String>> records = PageRows.csv(csv.body());
            assertThat(records.get(0)).containsExactly("sale_id", "customer_ref", "date", "currency", "amount",
                    "refunded", "margin", "pool", "pool_refunded", "state", "state_name");
            List<List<String>> csvRows = records.subList(1, records.size());
            assertThat(csvRows).as("the CSV's rows are the page's").hasSameSizeAs(sales).isEqualTo(sales.stream()
                    .map(row -> List.of(row.get("sale-id"), row.get("customer-ref"), row.get("date"),
                            row.get("currency"), row.get("amount"), row.get("refunded"), row.get("margin"),
                            row.get("pool"), row.get("pool-refunded"), row.get("state"), row.get("state-name")))
                    .toList());
            assertThat(csvRows.stream().map(row -> new BigDecimal(row.get(7))).reduce(BigDecimal.ZERO,
                    BigDecimal::add)).as("the pools add up to the page's shares owed")
                    .isEqualByComparingTo(new BigDecimal("11.40"));

            browser.open("/vendor/password");
            browser.assertAccessible();

            // The operator agrees a second version with the vendor; the console after the walk: the last report,
            // the refusals and their reasons, the rotation, both versions of the agreement.
            operator.call("PUT", "/operator/vendors/" + vendorId + "/agreement", """
                    {"shareBps":2500,"brokerFeeBps":2000,"holdDays":14,"defaultMarginBps":3000,\
                    "currencies":["EUR"]}""", 200);
            browser.open("/vendor");
            assertThat(PageRows.dataRows(browser, "tr.agreement-version")).extracting(row -> row.get("version"),
                    row -> row.get("state")).containsExactly(tuple("2", "in-force"), tuple("1", "past"));
            assertThat(browser.find("#health-last-report").getAttribute("data-last-recorded")).isNotBlank();
            assertThat(browser.find("#health-recorded").getAttribute("data-count")).isEqualTo("2");
            assertThat(browser.find("#health-refusals").getAttribute("data-refused")).isNotEqualTo("0");
            assertThat(browser.findAll("#health-refusals li[data-problem-type]"))
                    .extracting(item -> item.getAttribute("data-problem-type")).contains("unsupported-currency");
            assertThat(browser.find("#health-rotation").getAttribute("data-state")).isEqualTo("in-progress");
            assertThat(browser.text("#health-rotation")).as("one sentence, no space before its full stop")
                    .matches("Rotation in progress: .*\\(in 2\\d hours\\)\\. Sign with the new one before then\\.");
            browser.assertAccessible();
            assertThat(Files.size(browser.screenshot("vendor-console"))).isPositive();
        }
    }

    private static void accepted(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    }
}
