package org.ristourne.broker.operator.pages.vendors;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ristourne.support.DatabaseSnapshot;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.PageClient;
import org.ristourne.support.Processors;
import org.ristourne.support.SigningVendor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The operator's vendor and customer pages over HTTP, as a browser without JavaScript uses them: the operator signs
 * in on the common form, onboards a vendor whose secret, shown once, signs a report the broker accepts; creates its
 * console user, who signs in with the password shown once; suspends it (its reports are refused), reinstates it and
 * publishes a new agreement version. Refused forms answer 422 in words and store nothing; the customers page tells
 * support who is subscribed and nothing of what anyone bought; customers and vendor users are kept out.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ristourne.test.context=operator-vendor-pages", "ristourne.operator.password=" + OperatorClient.PASSWORD})
abstract class OperatorVendorPagesIntegrationTest {

    private static final Pattern SECRET = Pattern.compile("<code class=\"secret\" id=\"webhook-secret\">([^<]+)</code>");
    private static final Pattern PASSWORD = Pattern.compile(
            "<code class=\"secret\" id=\"initial-password\">([^<]+)</code>");
    private static final String CUSTOMER_PASSWORD = "correct horse battery";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventProcessingConfiguration processing;

    private OperatorClient operatorApi;
    private String run;

    @BeforeEach
    void clients() {
        operatorApi = new OperatorClient("http://127.0.0.1:" + port);
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void operatorOnboardsAVendorCreatesItsUserSuspendsReinstatesAndPublishesANewAgreement() {
        PageClient operator = signedInOperator();
        String vendorId = "ops-shop-" + run;

        // Onboard through the form: the secret appears on the answer, uncached, and nowhere else afterwards.
        HttpResponse<String> onboarded = operator.submit("/operations/vendors", "/operations/vendors",
                onboardForm(vendorId, "20", "25", "14"));
        assertThat(onboarded.statusCode()).as(onboarded.body()).isEqualTo(201);
        assertThat(onboarded.headers().allValues("Cache-Control")).anyMatch(value -> value.contains("no-store"));
        Matcher shown = SECRET.matcher(onboarded.body());
        assertThat(shown.find()).as(onboarded.body()).isTrue();
        String secret = shown.group(1);
        assertThat(secret).startsWith("whsec_");
        assertThat(onboarded.body()).contains("Shown this once", "/webhooks/vendors/" + vendorId,
                "Version 1: shares 20% of its margin, 25% of that to Ristourne; a 14-day hold; EUR, USD");

        // The secret signs a report the broker accepts.
        OperatorClient.Customer customer = operatorApi.subscribedCustomerOf(vendorId);
        SigningVendor vendor = new SigningVendor("http://127.0.0.1:" + port, vendorId, secret);
        HttpResponse<String> report = vendor.send(SigningVendor.saleCompleted("ord_1_" + run,
                customer.customerRef(), "EUR", 12_999, 4_200L, Instant.now()));
        assertThat(report.statusCode()).as(report.body()).isEqualTo(202);

        HttpResponse<String> reloaded = operator.get("/operations/vendors/" + vendorId);
        assertThat(reloaded.statusCode()).isEqualTo(200);
        assertThat(reloaded.body()).doesNotContain(secret).doesNotContain("id=\"webhook-secret\"")
                .contains("Active: its reports are accepted.", "id=\"suspend-form\"");
        String list = operator.get("/operations/vendors").body();
        assertThat(list).doesNotContain(secret).contains("data-vendor-id=\"" + vendorId + "\"",
                "data-status=\"active\"", "Vendor " + run);

        // Its console user: the first password, shown once, signs in to the vendor console.
        String email = "dev-" + run + "@shop.example";
        HttpResponse<String> created = operator.submit("/operations/vendors/" + vendorId,
                "/operations/vendors/" + vendorId + "/users", Map.of("email", email, "displayName", "Dana Dev"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().allValues("Cache-Control")).anyMatch(value -> value.contains("no-store"));
        Matcher password = PASSWORD.matcher(created.body());
        assertThat(password.find()).as(created.body()).isTrue();
        assertThat(created.body()).contains("id=\"created-email\">" + email + "<");
        String vendorPage = operator.get("/operations/vendors/" + vendorId).body();
        assertThat(vendorPage).doesNotContain(password.group(1)).contains(email, "Dana Dev");
        assertThat(operator.get("/operations/vendors").body()).containsPattern(
                "data-vendor-id=\"" + vendorId + "\"[\\s\\S]*?<td class=\"amount\">1</td>");
        PageClient dana = new PageClient(port);
        HttpResponse<String> signedIn = dana.signIn(email, password.group(1));
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(PageClient.location(signedIn)).endsWith("/vendor");
        assertThat(dana.get("/operations/vendors").statusCode()).as("a vendor user on the operator's pages")
                .isEqualTo(403);

        // A second user with the same email is refused in words, the form kept.
        HttpResponse<String> twice = operator.submit("/operations/vendors/" + vendorId,
                "/operations/vendors/" + vendorId + "/users", Map.of("email", email, "displayName", "Dana Again"));
        assertThat(twice.statusCode()).isEqualTo(422);
        assertThat(twice.body()).contains("This email already signs in to Ristourne", "value=\"Dana Again\"")
                .doesNotContain("id=\"initial-password\"");

        // Suspend: the reason is required; once suspended, its reports are refused.
        HttpResponse<String> noReason = operator.submit("/operations/vendors/" + vendorId,
                "/operations/vendors/" + vendorId + "/suspension", Map.of("reason", " "));
        assertThat(noReason.statusCode()).isEqualTo(422);
        assertThat(noReason.body()).contains("A suspension needs a reason.");
        HttpResponse<String> suspended = operator.submit("/operations/vendors/" + vendorId,
                "/operations/vendors/" + vendorId + "/suspension", Map.of("reason", "unpaid invoices"));
        assertThat(suspended.statusCode()).isEqualTo(303);
        assertThat(PageClient.location(suspended)).endsWith("/operations/vendors/" + vendorId);
        HttpResponse<String> afterSuspension = operator.get("/operations/vendors/" + vendorId);
        assertThat(afterSuspension.body()).contains("The vendor is suspended", "data-status=\"suspended\"",
                "id=\"reinstate-form\"").doesNotContain("id=\"suspend-form\"");
        HttpResponse<String> refusedReport = vendor.send(SigningVendor.saleCompleted("ord_2_" + run,
                customer.customerRef(), "EUR", 5_000, 1_000L, Instant.now()));
        assertThat(refusedReport.statusCode()).as(refusedReport.body()).isEqualTo(403);
        assertThat(refusedReport.body()).contains("vendor-suspended");
        HttpResponse<String> suspendTwice = operator.post("/operations/vendors/" + vendorId + "/suspension",
                Map.of("reason", "again", "_csrf", operator.csrfToken()));
        assertThat(suspendTwice.statusCode()).isEqualTo(422);
        assertThat(suspendTwice.body()).contains("This vendor is already suspended.");

        // Reinstate: reports are accepted again.
        HttpResponse<String> reinstated = operator.submit("/operations/vendors/" + vendorId,
                "/operations/vendors/" + vendorId + "/reinstatement", Map.of());
        assertThat(reinstated.statusCode()).isEqualTo(303);
        assertThat(operator.get("/operations/vendors/" + vendorId).body()).contains("The vendor is reinstated",
                "data-status=\"active\"");
        assertThat(vendor.send(SigningVendor.saleCompleted("ord_3_" + run, customer.customerRef(), "EUR", 5_000,
                1_000L, Instant.now())).statusCode()).isEqualTo(202);

        // A new agreement version, listed first, in force from now.
        Map<String, String> terms = new LinkedHashMap<>(agreement("12.5", "20", "30", "EUR"));
        HttpResponse<String> published = operator.submit("/operations/vendors/" + vendorId,
                "/operations/vendors/" + vendorId + "/agreement", terms);
        assertThat(published.statusCode()).as(published.body()).isEqualTo(303);
        String withVersion2 = operator.get("/operations/vendors/" + vendorId).body();
        assertThat(withVersion2).contains("Version 2 of the agreement is in force from now on.",
                "Version 2: shares 12.5% of its margin, 20% of that to Ristourne; a 30-day hold; EUR");
        assertThat(withVersion2.indexOf("data-version=\"2\"")).isPositive()
                .isLessThan(withVersion2.indexOf("data-version=\"1\""));
        assertThat(jdbc.queryForObject("select share_bps from directory_agreement where vendor_id = ? and version = 2",
                Integer.class, vendorId)).isEqualTo(1250);
        HttpResponse<String> same = operator.submit("/operations/vendors/" + vendorId,
                "/operations/vendors/" + vendorId + "/agreement", terms);
        assertThat(same.statusCode()).isEqualTo(303);
        assertThat(operator.get("/operations/vendors/" + vendorId).body())
                .contains("These are the terms already in force");
        assertThat(agreementVersions(vendorId)).isEqualTo(2);

        // In French.
        assertThat(operator.get("/operations/vendors/" + vendorId + "?lang=fr").body()).contains("lang=\"fr\"",
                "Actif : ses déclarations sont acceptées.")
                .containsPattern("Version 2 : partage 12,5\\h% de sa marge, dont 20\\h% pour Ristourne ;"
                        + " délai de 30 jours ; EUR");
        operator.get("/operations/vendors?lang=en");
    }

    @Test
    void badFormsAreRefusedInWordsWithNothingStoredAndTheFormKept() {
        PageClient operator = signedInOperator();
        String vendorId = "ops-bad-" + run;
        Map<String, List<String>> before = businessTables();

        HttpResponse<String> tooMuch = operator.submit("/operations/vendors", "/operations/vendors",
                onboardForm(vendorId, "150", "25", "14"));
        assertThat(tooMuch.statusCode()).isEqualTo(422);
        assertThat(tooMuch.body()).contains("The share is a percentage from 0 to 100, with at most two decimals.",
                "value=\"" + vendorId + "\"", "value=\"Vendor " + run + "\"", "value=\"150\"", "value=\"EUR, USD\"")
                .doesNotContain("id=\"webhook-secret\"");
        HttpResponse<String> manyMistakes = operator.submit("/operations/vendors", "/operations/vendors",
                Map.of("vendorId", "Not An Id!", "displayName", "", "sharePercent", "12.345",
                        "brokerFeePercent", "x", "holdDays", "91", "currencies", "EURO"));
        assertThat(manyMistakes.statusCode()).isEqualTo(422);
        assertThat(manyMistakes.body()).contains("id=\"vendorId-error\"", "id=\"displayName-error\"",
                "id=\"sharePercent-error\"", "id=\"brokerFeePercent-error\"", "id=\"holdDays-error\"",
                "id=\"currencies-error\"", "value=\"Not An Id!\"");
        assertThat(businessTables()).as("nothing stored for refused forms").isEqualTo(before);

        // An id already taken is the aggregate's refusal, in words.
        operatorApi.onboardVendor(vendorId, 2000, 2500, 0);
        HttpResponse<String> taken = operator.submit("/operations/vendors", "/operations/vendors",
                onboardForm(vendorId, "20", "25", "14"));
        assertThat(taken.statusCode()).isEqualTo(422);
        assertThat(taken.body()).contains("A vendor with this id is already onboarded")
                .doesNotContain("id=\"webhook-secret\"");
        HttpResponse<String> badAgreement = operator.submit("/operations/vendors/" + vendorId,
                "/operations/vendors/" + vendorId + "/agreement", agreement("101", "25", "0", "EUR"));
        assertThat(badAgreement.statusCode()).isEqualTo(422);
        assertThat(badAgreement.body()).contains("The share is a percentage", "value=\"101\"");
        HttpResponse<String> badUser = operator.submit("/operations/vendors/" + vendorId,
                "/operations/vendors/" + vendorId + "/users", Map.of("email", "not-an-email", "displayName", "X"));
        assertThat(badUser.statusCode()).isEqualTo(422);
        assertThat(badUser.body()).contains("This is not an email address.", "value=\"not-an-email\"");
        HttpResponse<String> reinstateActive = operator.submit("/operations/vendors/" + vendorId,
                "/operations/vendors/" + vendorId + "/reinstatement", Map.of());
        assertThat(reinstateActive.statusCode()).isEqualTo(422);
        assertThat(reinstateActive.body()).contains("This vendor is not suspended");
        assertThat(agreementVersions(vendorId)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from vendor_user where vendor_id = ?", Integer.class,
                vendorId)).isZero();

        assertThat(operator.get("/operations/vendors/no-such-" + run).statusCode()).isEqualTo(404);
        assertThat(operator.submit("/operations/vendors", "/operations/vendors/no-such-" + run + "/reinstatement",
                Map.of()).statusCode()).isEqualTo(404);

        // Without its CSRF token, no form goes through.
        Map<String, List<String>> beforeForged = businessTables();
        assertThat(operator.post("/operations/vendors", onboardForm("ops-forged-" + run, "20", "25", "14"))
                .statusCode()).isEqualTo(403);
        assertThat(operator.post("/operations/vendors/" + vendorId + "/suspension", Map.of("reason", "forged"))
                .statusCode()).isEqualTo(403);
        assertThat(operator.post("/operations/vendors/" + vendorId + "/users",
                Map.of("email", "forged-" + run + "@x.example", "displayName", "F")).statusCode()).isEqualTo(403);
        assertThat(businessTables()).as("nothing stored without a token").isEqualTo(beforeForged);
    }

    @Test
    void customersPageTellsSubscriptionsButNoPurchaseAndKeepsCustomersOut() {
        String vendorId = "ops-cust-" + run;
        String secret = operatorApi.onboardVendor(vendorId, 2000, 2500, 0);
        String email = "zoe-" + run + "@example.org";
        PageClient zoe = new PageClient(port);
        assertThat(zoe.signUp("Zoé Support", email, CUSTOMER_PASSWORD).statusCode()).isEqualTo(302);
        String customerId = jdbc.queryForObject("select customer_id from customer_account where email = ?",
                String.class, email);
        Instant now = Instant.now();
        operatorApi.call("POST", "/operator/customers/" + customerId + "/subscription-periods",
                "{\"activeFrom\":\"%s\",\"activeUntil\":\"%s\",\"amountPaid\":{\"amount\":499,\"currency\":\"EUR\"}}"
                        .formatted(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30))), 204);
        String customerRef = operatorApi.call("POST", "/operator/customers/" + customerId + "/relationships",
                "{\"vendorId\":\"" + vendorId + "\"}", 201).get("customerRef").asString();
        HttpResponse<String> sale = new SigningVendor("http://127.0.0.1:" + port, vendorId, secret)
                .send(SigningVendor.saleCompleted("ord_z_" + run, customerRef, "EUR", 98_765, 4_321L, now));
        assertThat(sale.statusCode()).isEqualTo(202);
        String unsubscribed = "yann-" + run + "@example.org";
        assertThat(new PageClient(port).signUp("Yann", unsubscribed, CUSTOMER_PASSWORD).statusCode())
                .isEqualTo(302);

        PageClient operator = signedInOperator();
        HttpResponse<String> page = operator.get("/operations/customers");
        assertThat(page.statusCode()).isEqualTo(200);
        String row = row(page.body(), customerId);
        assertThat(row).contains(email, "Zoé Support", "data-subscription=\"SUBSCRIBED\"", "Subscribed until",
                "<td class=\"amount\">1</td>");
        assertThat(row(page.body(), jdbc.queryForObject("select customer_id from customer_account where email = ?",
                String.class, unsubscribed))).contains("Not subscribed", "<td class=\"amount\">0</td>");
        assertThat(page.body()).doesNotContain("987.65").doesNotContain("987,65").doesNotContain("ord_z_" + run)
                .doesNotContain(customerRef).doesNotContain(vendorId);

        HttpResponse<String> search = operator.get("/operations/customers?email=ZOE-" + run);
        assertThat(search.body()).contains(email, "1 customer whose email starts with").doesNotContain(unsubscribed);
        assertThat(operator.get("/operations/customers?email=%25").body()).as("a typed % is no wildcard")
                .doesNotContain(email);
        assertThat(operator.get("/operations/customers?lang=fr").body()).contains("Abonné jusqu");
        operator.get("/operations/customers?lang=en");

        assertThat(zoe.get("/operations/customers").statusCode()).isEqualTo(403);
        assertThat(zoe.get("/operations/vendors").statusCode()).isEqualTo(403);
        assertThat(zoe.get("/operations/vendors/" + vendorId).statusCode()).isEqualTo(403);
        HttpResponse<String> anonymous = new PageClient(port).get("/operations/vendors");
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(PageClient.location(anonymous)).endsWith("/sign-in");
    }

    private PageClient signedInOperator() {
        PageClient operator = new PageClient(port);
        HttpResponse<String> signedIn = operator.signIn("operator", OperatorClient.PASSWORD);
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(PageClient.location(signedIn)).endsWith("/operations");
        return operator;
    }

    private Map<String, String> onboardForm(String vendorId, String share, String fee, String holdDays) {
        Map<String, String> form = new LinkedHashMap<>(agreement(share, fee, holdDays, "EUR, USD"));
        form.put("vendorId", vendorId);
        form.put("displayName", "Vendor " + run);
        return form;
    }

    private static Map<String, String> agreement(String share, String fee, String holdDays, String currencies) {
        return Map.of("sharePercent", share, "brokerFeePercent", fee, "holdDays", holdDays,
                "defaultMarginPercent", "", "currencies", currencies);
    }

    private int agreementVersions(String vendorId) {
        return jdbc.queryForObject("select count(*) from directory_agreement where vendor_id = ?", Integer.class,
                vendorId);
    }

    private static String row(String html, String customerId) {
        int start = html.indexOf("data-customer-id=\"" + customerId + "\"");
        assertThat(start).as("row of " + customerId).isNotNegative();
        return html.substring(html.lastIndexOf("<tr", start), html.indexOf("</tr>", start));
    }

    /** The whole database but sessions and processors' bookkeeping, once every processor has caught up. */
    private Map<String, List<String>> businessTables() {
        Processors.awaitCaughtUp(processing, jdbc, Duration.ofSeconds(60));
        Map<String, List<String>> tables = DatabaseSnapshot.of(jdbc.getDataSource());
        tables.keySet().removeIf(table -> table.toUpperCase().startsWith("SPRING_SESSION")
                || table.startsWith("token_entry") || table.startsWith("scheduled_tasks"));
        return tables;
    }
}
