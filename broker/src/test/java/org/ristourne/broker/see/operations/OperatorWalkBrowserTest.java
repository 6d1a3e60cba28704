package org.ristourne.broker.see.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.Registration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.messaging.MessageHandlerInterceptorSupport;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.ristourne.broker.api.SaleId;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.share.BookSaleReported;
import org.ristourne.broker.share.automation.WhenSaleLifecycleThenBookShares;
import org.ristourne.ledger.posting.PostingId;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.PageClient;
import org.ristourne.support.Processors;
import org.ristourne.support.SigningVendor;
import org.ristourne.support.browser.Browser;
import org.ristourne.support.browser.BrowserTestContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The operator's walk in a real browser: signs in on the form everyone uses and lands on the operations page;
 * onboards a vendor whose signing secret, shown once, signs a report the broker accepts; creates its console user,
 * who signs in with the first password shown once; publishes a new agreement version; suspends the vendor (its
 * reports are refused) and reinstates it; retries a booking that parked for real, which then books; reads a
 * processor's segments, owner, position and lag; finds a customer with nothing of what they bought. Axe checks every
 * operator page on the way, the operations page in French too, and the walk leaves the screenshot of a parked booking
 * on the operations page.
 */
class OperatorWalkBrowserTest extends BrowserTestContext {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String USER_PASSWORD_SHOWN = "#initial-password";

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CommandBus commandBus;
    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void operatorOnboardsAVendorCreatesItsUserRetriesAParkedBookingAndReadsTheProcessors() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String vendorId = "opwalk-" + run;
        OperatorClient operatorApi = new OperatorClient(baseUrl());

        try (Browser browser = Browser.start(baseUrl(), Locale.ENGLISH)) {
            // The operator signs in on the common form, with a role rather than a prompt of its own.
            browser.open("/sign-in");
            browser.type("#email", "operator");
            browser.type("#password", OperatorClient.PASSWORD);
            browser.clickAndWaitForPage("#sign-in");
            assertThat(browser.currentPath()).isEqualTo("/operations");
            assertThat(browser.text("h1")).isEqualTo("What needs a human today");
            browser.assertAccessible();

            // 1. Onboard a vendor: its signing secret is shown once, and it is the real one.
            browser.open("/operations/vendors");
            browser.assertAccessible();
            browser.type("#vendorId", vendorId);
            browser.type("#displayName", "Walk Shop " + run);
            browser.type("#onboard-sharePercent", "20");
            browser.type("#onboard-brokerFeePercent", "25");
            browser.type("#onboard-holdDays", "14");
            browser.type("#onboard-currencies", "EUR");
            browser.clickAndWaitForPage("#onboard");
            assertThat(browser.find("main").getAttribute("data-vendor-id")).isEqualTo(vendorId);
            String secret = browser.text("#webhook-secret");
            assertThat(secret).startsWith("whsec_");
            assertThat(browser.text("#issued-secret")).contains("Shown this once");
            assertThat(browser.text("#webhook-path")).isEqualTo("/webhooks/vendors/" + vendorId);
            browser.assertAccessible();

            OperatorClient.Customer customer = operatorApi.subscribedCustomerOf(vendorId);
            SigningVendor vendor = new SigningVendor(baseUrl(), vendorId, secret);
            HttpResponse<String> accepted = vendor.send(SigningVendor.saleCompleted("ord_1_" + run,
                    customer.customerRef(), "EUR", 12_999, 4_200L, Instant.now()));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

            browser.open("/operations/vendors");
            WebElement listed = browser.find("tr.vendor[data-vendor-id='" + vendorId + "']");
            assertThat(listed.getAttribute("data-status")).isEqualTo("active");
            assertThat(listed.getText()).contains("Walk Shop " + run).doesNotContain(secret);

            // 2. Its console user: the first password is shown once and signs in to the vendor console.
            browser.clickAndWaitForPage("tr.vendor[data-vendor-id='" + vendorId + "'] a");
            assertThat(browser.currentPath()).isEqualTo("/operations/vendors/" + vendorId);
            assertThat(browser.findAll("#webhook-secret")).as("the secret, shown once only").isEmpty();
            browser.assertAccessible();
            String email = "dev-" + run + "@walk.example";
            browser.type("#user-email", email);
            browser.type("#user-name", "Dana Walker");
            browser.clickAndWaitForPage("#create-user");
            assertThat(browser.text("#created-email")).isEqualTo(email);
            String password = browser.text(USER_PASSWORD_SHOWN);
            assertThat(password).isNotBlank();
            assertThat(browser.text("#created-user")).contains("Shown this once");
            browser.assertAccessible();
            PageClient dana = new PageClient(port);
            HttpResponse<String> signedIn = dana.signIn(email, password);
            assertThat(signedIn.statusCode()).isEqualTo(302);
            assertThat(PageClient.location(signedIn)).endsWith("/vendor");
            HttpResponse<String> console = dana.get("/vendor");
            assertThat(console.statusCode()).isEqualTo(200);
            assertThat(console.body()).contains("Walk Shop " + run);

            // 3. A new agreement version, listed first; a suspension refuses the vendor's reports until reinstated.
            browser.open("/operations/vendors/" + vendorId);
            assertThat(browser.findAll(USER_PASSWORD_SHOWN)).as("the password, shown once only").isEmpty();
            assertThat(browser.text("#vendor-users")).contains(email, "Dana Walker");
            browser.find("details.ops-form-section summary").click();
            browser.type("#agreement-sharePercent", "12.5");
            browser.type("#agreement-brokerFeePercent", "20");
            browser.type("#agreement-holdDays", "30");
            browser.type("#agreement-currencies", "EUR");
            browser.clickAndWaitForPage("#publish-agreement");
            assertThat(browser.currentPath()).isEqualTo("/operations/vendors/" + vendorId);
            assertThat(browser.text("#notice")).isEqualTo("Version 2 of the agreement is in force from now on.");
            List<WebElement> versions = browser.findAll("tr.agreement-version");
            assertThat(versions).extracting(row -> row.getAttribute("data-version")).containsExactly("2", "1");
            assertThat(versions.get(0).getAttribute("data-share-bps")).isEqualTo("1250");
            assertThat(browser.text("#current-agreement")).isEqualTo(
                    "Version 2: shares 12.5% of its margin, 20% of that to Ristourne; a 30-day hold; EUR");

            browser.type("#reason", "unpaid invoices");
            browser.clickAndWaitForPage("#suspend");
            assertThat(browser.find("main").getAttribute("data-status")).isEqualTo("suspended");
            assertThat(browser.text("#notice")).contains("The vendor is suspended");
            HttpResponse<String> refused = vendor.send(SigningVendor.saleCompleted("ord_2_" + run,
                    customer.customerRef(), "EUR", 5_000, 1_000L, Instant.now()));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
            assertThat(refused.body()).contains("vendor-suspended");
            browser.assertAccessible();
            browser.clickAndWaitForPage("#reinstate");
            assertThat(browser.find("main").getAttribute("data-status")).isEqualTo("active");
            assertThat(browser.text("#notice")).contains("The vendor is reinstated");
            assertThat(browser.findAll("#suspend-form")).hasSize(1);

            // 4. A booking that parks for real (its command refused until the test lifts the fault), retried from
            // the operations page: it leaves the list and is booked in the ledger.
            SaleId sale = new SaleId(new VendorId(vendorId), "ord_parked_" + run);
            parkTheBookingOf(sale, () -> {
                HttpResponse<String> reported = vendor.send(SigningVendor.saleCompleted(sale.vendorSaleId(),
                        customer.customerRef(), "EUR", 20_000, 6_000L, Instant.now()));
                assertThat(reported.statusCode()).as(reported.body()).isEqualTo(202);
            });
            browser.open("/operations");
            String parkedRow = "tr.parked[data-sequence='" + sale + "']";
            assertThat(browser.text(parkedRow)).contains(sale.toString(), "SaleReported",
                    "ledger down for the test");
            assertThat(browser.findAll("#all-clear")).isEmpty();
            browser.assertAccessible();
            assertThat(browser.screenshot("operations")).isNotEmptyFile();

            browser.clickAndWaitForPage(parkedRow + " button.retry-parked");
            assertThat(browser.currentPath()).isEqualTo("/operations");
            assertThat(browser.find("#parked-outcome").getAttribute("data-outcome")).isEqualTo("RETRIED_GONE");
            assertThat(browser.text("#parked-outcome")).contains(sale.toString());
            assertThat(browser.findAll(parkedRow)).as("no longer parked").isEmpty();
            assertThat(parked(sale)).isZero();
            String posting = PostingId.of("sale", sale.toString(), "reported").value();
            Awaitility.await("booked by the retry").atMost(WAIT).until(() -> jdbc.queryForObject(
                    "select count(*) from ledger_entry where posting_id = ?", Long.class, posting) > 0);

            // 5. Each processor with its segments, owner, position and lag.
            Processors.awaitCaughtUp(processing, jdbc, WAIT);
            browser.clickAndWaitForPage("a[href='/operations/processors']");
            assertThat(browser.text("h1")).isEqualTo("Event processors");
            String booking = "tbody.processor[data-processor='" + WhenSaleLifecycleThenBookShares.GROUP + "']";
            List<WebElement> segments = browser.findAll(booking + " tr.segment");
            assertThat(segments).isNotEmpty().hasSize(jdbc.queryForObject(
                    "select count(*) from token_entry where processor_name = ?", Integer.class,
                    WhenSaleLifecycleThenBookShares.GROUP));
            for (WebElement segment : segments) {
                List<WebElement> cells = segment.findElements(By.cssSelector("th, td"));
                assertThat(cells).hasSize(7);
                assertThat(Browser.plain(cells.get(0).getText())).isEqualTo(WhenSaleLifecycleThenBookShares.GROUP);
                assertThat(Browser.plain(cells.get(2).getText())).matches("\\d+ / " + segments.size());
                assertThat(Browser.plain(cells.get(3).getText())).as("owner").matches("\\d+@.+");
                assertThat(Browser.plain(cells.get(4).getText())).as("position").matches("\\d+");
                assertThat(Browser.plain(cells.get(5).getText())).as("events behind").matches("\\d+");
                assertThat(Browser.plain(cells.get(6).getText())).as("lag")
                        .matches("\\d+ (h|min|s)( \\d+ (min|s))?");
            }
            browser.assertAccessible();

            // 6. A customer as support sees them: who, whether subscribed; nothing of what they bought.
            String shopper = "shopper-" + run + "@example.org";
            assertThat(new PageClient(port).signUp("Sasha Shopper", shopper, "correct horse battery").statusCode())
                    .isEqualTo(302);
            String shopperId = jdbc.queryForObject("select customer_id from customer_account where email = ?",
                    String.class, shopper);
            operatorApi.call("POST", "/operator/customers/" + shopperId + "/subscription-periods",
                    "{\"activeFrom\":\"%s\",\"activeUntil\":\"%s\",\"amountPaid\":{\"amount\":499,\"currency\":\"EUR\"}}"
                            .formatted(Instant.now().minus(Duration.ofDays(1)),
                                    Instant.now().plus(Duration.ofDays(30))), 204);
            String shopperRef = operatorApi.call("POST", "/operator/customers/" + shopperId + "/relationships",
                    "{\"vendorId\":\"" + vendorId + "\"}", 201).get("customerRef").asString();
            String purchase = "ord_shop_" + run;
            assertThat(vendor.send(SigningVendor.saleCompleted(purchase, shopperRef, "EUR", 98_765, 4_321L,
                    Instant.now())).statusCode()).isEqualTo(202);
            browser.open("/operations/customers");
            browser.type("#email", "shopper-" + run);
            browser.find("#email").submit();
            browser.waitUntil(driver -> !browser.findAll("tr.customer[data-customer-id='" + shopperId + "']")
                    .isEmpty());
            WebElement row = browser.find("tr.customer[data-customer-id='" + shopperId + "']");
            assertThat(row.getAttribute("data-subscription")).isEqualTo("SUBSCRIBED");
            assertThat(Browser.plain(row.getText())).contains(shopper, "Sasha Shopper", shopperId, "Subscribed until");
            String main = browser.find("main").getText();
            assertThat(main).doesNotContain(purchase).doesNotContain("987.65").doesNotContain("987,65")
                    .doesNotContain("43.21").doesNotContain(shopperRef).doesNotContain(vendorId);
            browser.assertAccessible();

            // 7. The operations page in French.
            browser.open("/operations?lang=fr");
            assertThat(browser.find("html").getAttribute("lang")).isEqualTo("fr");
            assertThat(browser.find("#parked-title").getText()).contains("Écritures en attente");
            browser.assertAccessible();
            browser.open("/operations?lang=en");
        }
    }

    /**
     * Makes the booking of the sale's report fail, as a bug in the ledger would, while {@code report} runs, and waits
     * until the booking processor has parked it in its dead-letter queue; then lifts the fault.
     */
    private void parkTheBookingOf(SaleId sale, Runnable report) {
        @SuppressWarnings("unchecked")
        Registration broken = ((MessageHandlerInterceptorSupport<CommandMessage<?>>) commandBus)
                .registerHandlerInterceptor((unitOfWork, chain) -> {
                    if (unitOfWork.getMessage().getPayload() instanceof BookSaleReported booking
                            && booking.saleKey().equals(sale.toString())) {
                        throw new IllegalStateException("ledger down for the test");
                    }
                    return chain.proceed();
                });
        try {
            report.run();
            Awaitility.await("the booking parked").atMost(WAIT).until(() -> parked(sale) == 1);
        } finally {
            broken.cancel();
        }
    }

    private long parked(SaleId sale) {
        return jdbc.queryForObject("select count(*) from dead_letter_entry where processing_group = ?"
                + " and sequence_identifier = ?", Long.class, WhenSaleLifecycleThenBookShares.GROUP, sale.toString());
    }
}
