package org.ristourne.broker.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.WebElement;
import org.ristourne.billing.standin.StripeFixtures;
import org.ristourne.broker.api.AgreementTerms;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.vendor.OnboardVendor;
import org.ristourne.broker.vendor.WebhookSecrets;
import org.ristourne.ledger.money.BasisPoints;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.PageRows;
import org.ristourne.support.Processors;
import org.ristourne.support.SigningVendor;
import org.ristourne.support.StripeWebhookClient;
import org.ristourne.support.browser.Browser;
import org.ristourne.support.browser.BrowserTestContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A customer's whole walk in a real browser, once in English and once in French (a browser set to French): sign up,
 * subscribe through Stripe Checkout (the stand-in; Stripe's signed events then confirm it), open a relationship and
 * read its code, and follow a sale reported against that code from pending through confirmed, invoiced to the vendor,
 * available and credited on the account page, whose statement CSV says exactly what its rows say. Axe checks every
 * customer page on the way; the English walk leaves the screenshot of a populated account page.
 */
class CustomerWalkBrowserTest extends BrowserTestContext {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** How long the first sale stays pending after it is reported: time enough to see it pending on the page. */
    private static final Duration PENDING_FOR = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    CommandGateway commands;
    @Autowired
    WebhookSecrets secrets;

    /** The walk's language: what the browser asks for, and the state names the page must then use (PAGES.md). */
    record Language(Locale locale, String screenshotSuffix, Map<String, String> states) {

        @Override
        public String toString() {
            return locale.getDisplayLanguage(Locale.ENGLISH);
        }
    }

    static Stream<Language> languages() {
        return Stream.of(
                new Language(Locale.ENGLISH, "", Map.of("PENDING", "Pending (return window)",
                        "CONFIRMED", "Confirmed", "INVOICED", "Invoiced to the vendor", "PAYABLE", "Available",
                        "CREDITED", "Credited on your invoice")),
                new Language(Locale.FRENCH, "-fr", Map.of("PENDING", "En attente (délai de rétractation)",
                        "CONFIRMED", "Confirmée", "INVOICED", "Facturée au vendeur", "PAYABLE", "Disponible",
                        "CREDITED", "Déduite de votre facture")));
    }

    @ParameterizedTest(name = "in {0}")
    @MethodSource("languages")
    void fromSignUpToACreditedRebate(Language language) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String vendorId = "walk-" + run;
        String secret = vendorWithAReturnWindowOfOneDay(vendorId);
        OperatorClient operator = new OperatorClient(baseUrl());
        operator.call("PUT", "/operator/vendors/" + vendorId + "/billing-email",
                "{\"email\":\"billing@" + vendorId + ".example\"}", 204);
        operator.call("POST", "/operator/vendors/" + vendorId + "/offers", """
                {"offerId":"lamp-%s","title":"Brass desk lamp","description":"Hand-finished, with a linen shade.",\
                "price":{"amount":12999,"currency":"EUR"}}""".formatted(run), 201);
        StripeWebhookClient stripeEvents = new StripeWebhookClient(port);

        try (Browser browser = Browser.start(baseUrl(), language.locale())) {
            // Sign up: the page speaks the browser's language.
            browser.open("/sign-up");
            assertThat(browser.find("html").getAttribute("lang")).isEqualTo(language.locale().getLanguage());
            browser.type("#displayName", "Walker " + run);
            browser.type("#email", "walker-" + run + "@example.org");
            browser.type("#password", "a long enough password");
            browser.clickAndWaitForPage("#sign-up");
            assertThat(browser.currentPath()).startsWith("/account");
            assertThat(browser.find("#subscription-status").getAttribute("data-state")).isNotEqualTo("SUBSCRIBED");
            browser.assertAccessible();

            // Subscribe: the button hands over to Stripe Checkout; Stripe then sends its signed events.
            browser.clickAndWaitForPage("#subscribe");
            assertThat(browser.driver().getCurrentUrl()).startsWith(STRIPE.baseUrl() + "/checkout/");
            String sessionId = browser.driver().getCurrentUrl().replaceAll(".*/checkout/([^/?#]+).*", "$1");
            JsonObject session = STRIPE.object(sessionId);
            String customerId = session.get("client_reference_id").getAsString();
            String stripeCustomer = session.get("customer").getAsString();
            assertThat(stripeEvents.send(StripeWebhookClient.newEventId(), "checkout.session.completed",
                    StripeFixtures.completedSubscriptionCheckout(sessionId, customerId, stripeCustomer, "eur"),
                    Instant.now())).contains("\"outcome\":\"recorded\"");
            Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(2));
            JsonObject firstInvoice = StripeWebhookClient.paidSubscriptionInvoice(stripeCustomer, 990, from,
                    from.plus(Duration.ofDays(30)));
            firstInvoice.addProperty("billing_reason", "subscription_create");
            stripeEvents.send("invoice.paid", firstInvoice);
            // Stripe sends the customer back to the page's own success address.
            browser.driver().get(session.get("success_url").getAsString());
            assertThat(browser.currentPath()).isEqualTo("/account?subscribed");
            awaitOnPage(browser, "subscribed", () -> "SUBSCRIBED".equals(
                    browser.find("#subscription-status").getAttribute("data-state")));

            // Open a relationship with the vendor, and read the code to give at checkout.
            browser.open("/relationships");
            browser.assertAccessible();
            browser.clickAndWaitForPage("li.card[data-vendor-id='" + vendorId + "'] .open-relationship");
            if (browser.findAll("#customer-ref").isEmpty()) {
                browser.clickAndWaitForPage("li.card[data-vendor-id='" + vendorId + "'] a.relationship-link");
            }
            String customerRef = browser.text("#customer-ref");
            assertThat(customerRef).isNotBlank();
            assertThat(browser.text("li.card.offer[data-offer-id='lamp-" + run + "'] h3")).isEqualTo("Brass desk lamp");
            browser.assertAccessible();
            browser.open("/relationships");
            assertThat(browser.findAll("li.card[data-vendor-id='" + vendorId + "'] a.relationship-link"))
                    .as("the relationship shows as open").hasSize(1);

            // The vendor reports a sale against that code, completed a day ago less a few seconds: the return window
            // ends shortly after the report. A second sale, today, stays pending.
            SigningVendor vendor = new SigningVendor(baseUrl(), vendorId, secret);
            Instant reported = Instant.now();
            HttpResponse<String> report = vendor.send(SigningVendor.saleCompleted("ord-1", customerRef, "EUR", 12999,
                    4200L, reported.minus(Duration.ofDays(1)).plus(PENDING_FOR)));
            assertThat(report.statusCode()).as(report.body()).isEqualTo(202);
            report = vendor.send(SigningVendor.saleCompleted("ord-2", customerRef, "EUR", 4550, 1500L, reported));
            assertThat(report.statusCode()).as(report.body()).isEqualTo(202);
            String saleKey = vendorId + "/ord-1";
            List<String> seen = new ArrayList<>();
            awaitState(browser, saleKey, "PENDING", seen);
            assertSaleRow(browser, language, saleKey, "PENDING", "129.99", "6.30");
            browser.assertAccessible();

            // The return window ends: confirmed. The vendor is invoiced through Stripe: invoiced.
            awaitState(browser, saleKey, "CONFIRMED", seen);
            assertSaleRow(browser, language, saleKey, "CONFIRMED", "129.99", "6.30");
            Processors.awaitCaughtUp(processing, jdbc, WAIT);
            String invoiceId = operator.call("POST", "/operator/vendors/" + vendorId + "/invoices", null, 201)
                    .get("invoiceId").asString();
            String stripeInvoice = Awaitility.await("the vendor invoice sent through Stripe").atMost(WAIT)
                    .until(() -> jdbc.queryForList("""
                            select stripe_invoice_id from vendor_invoice where invoice_id = ? and state = 'sent'""",
                            String.class, invoiceId).stream().findFirst().orElse(null), id -> id != null);
            awaitState(browser, saleKey, "INVOICED", seen);
            assertSaleRow(browser, language, saleKey, "INVOICED", "129.99", "6.30");

            // The vendor pays: the rebate is available, then credited on the customer's Stripe balance. Stripe is
            // slow to answer the credit, so the page can be seen in between.
            STRIPE.delayNext(1, request -> request.is("POST", "/v1/customers/" + stripeCustomer
                    + "/balance_transactions"), Duration.ofSeconds(6));
            stripeEvents.send("invoice.paid", STRIPE.markPaid(stripeInvoice));
            awaitState(browser, saleKey, "PAYABLE", seen);
            assertSaleRow(browser, language, saleKey, "PAYABLE", "129.99", "6.30");
            awaitState(browser, saleKey, "CREDITED", seen);
            assertSaleRow(browser, language, saleKey, "CREDITED", "129.99", "6.30");
            assertThat(seen).as("every state seen on the page, in order")
                    .containsExactly("PENDING", "CONFIRMED", "INVOICED", "PAYABLE", "CREDITED");
            assertThat(STRIPE.balanceTransactions(stripeCustomer)).singleElement()
                    .satisfies(credit -> assertThat(credit.get("amount").getAsLong()).isEqualTo(-630));
            awaitOnPage(browser, "the credit counted as received", () -> "6.30".equals(browser.find(
                    "ul.figures li[data-currency='EUR'][data-figure='received']").getAttribute("data-amount")));
            assertThat(browser.findAll("tr.sale")).as("both sales, newest first").hasSize(2);
            assertThat(browser.findAll("tr.sale").get(0).getAttribute("data-sale-key")).isEqualTo(vendorId + "/ord-2");
            browser.assertAccessible();

            // The statement's CSV, fetched with the browser's own session, says what the page's rows say.
            assertThat(csvRows(browser, language)).isEqualTo(pageRows(browser));

            assertThat(Files.size(browser.screenshot("account" + language.screenshotSuffix()))).isPositive();
        }
    }

    /** Onboarded two days ago (so its agreement covers a sale completed yesterday), with a return window of a day. */
    private String vendorWithAReturnWindowOfOneDay(String vendorId) {
        WebhookSecrets.IssuedSecret secret = secrets.issue(new VendorId(vendorId));
        commands.sendAndWait(new OnboardVendor(new VendorId(vendorId), "Atelier Lumière",
                new AgreementTerms(BasisPoints.of(2000), BasisPoints.of(2500), 1, null,
                        Set.of(Currency.getInstance("EUR"))), secret.secretId(),
                Instant.now().minus(Duration.ofDays(2))));
        return secret.secret();
    }

    /** Reloads the account page until the sale shows that state (bounded), noting each state it showed on the way. */
    private static void awaitState(Browser browser, String saleKey, String state, List<String> seen) {
        awaitOnPage(browser, saleKey + " " + state, () -> {
            List<WebElement> row = browser.findAll("tr.sale[data-sale-key='" + saleKey + "']");
            String shown = row.isEmpty() ? null : row.get(0).getAttribute("data-state");
            if (shown != null && (seen.isEmpty() || !seen.get(seen.size() - 1).equals(shown))) {
                seen.add(shown);
            }
            return state.equals(shown);
        });
    }

    private static void awaitOnPage(Browser browser, String what, java.util.concurrent.Callable<Boolean> shown) {
        Awaitility.await(what).atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    browser.open("/account");
                    return shown.call();
                });
    }

    private static void assertSaleRow(Browser browser, Language language, String saleKey, String state, String amount,
                                      String rebate) {
        WebElement row = browser.find("tr.sale[data-sale-key='" + saleKey + "']");
        assertThat(row.getAttribute("data-state")).isEqualTo(state);
        assertThat(row.getAttribute("data-amount")).isEqualTo(amount);
        assertThat(row.getAttribute("data-rebate")).isEqualTo(rebate);
        assertThat(row.getAttribute("data-currency")).isEqualTo("EUR");
        assertThat(Browser.plain(row.findElement(org.openqa.selenium.By.cssSelector("td.state")).getText()))
                .isEqualTo(language.states().get(state));
        String money = language.locale().getLanguage().equals("fr") ? rebate.replace('.', ',') + " €" : "€" + rebate;
        assertThat(Browser.plain(row.getText())).as("the rebate in the page's language").contains(money);
    }

    /** The page's rows as the CSV's first nine columns. */
    private static List<List<String>> pageRows(Browser browser) {
        browser.open("/account");
        return browser.findAll("tr.sale").stream().map(row -> List.of(row.getAttribute("data-sale-key"),
                row.getAttribute("data-vendor"), row.getAttribute("data-date"), row.getAttribute("data-amount"),
                row.getAttribute("data-refunded"), row.getAttribute("data-rebate"), row.getAttribute("data-currency"),
                row.getAttribute("data-state"),
                Browser.plain(row.findElement(org.openqa.selenium.By.cssSelector("td.state")).getText()))).toList();
    }

    private List<List<String>> csvRows(Browser browser, Language language) throws Exception {
        String href = browser.find("a#statement-csv").getAttribute("href");
        HttpResponse<String> csv = HTTP.send(HttpRequest.newBuilder(URI.create(href)).timeout(WAIT)
                .header("Cookie", browser.cookieHeader())
                .header("Accept-Language", language.locale().toLanguageTag()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv;charset=UTF-8");
        assertThat(csv.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                disposition -> assertThat(disposition).startsWith("attachment"));
        List<List<String>> records = PageRows.csv(csv.body());
        assertThat(records.get(0)).containsExactly("sale_key", "vendor", "date", "amount", "refunded", "rebate",
                "currency", "state", "state_name", "state_date");
        return records.subList(1, records.size()).stream().map(record -> {
            assertThat(record).hasSize(10);
            assertThat(record.get(9)).matches("|\\d{4}-\\d{2}-\\d{2}");
            return record.subList(0, 9);
        }).toList();
    }
}
