package org.ristourne.broker.see.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ristourne.broker.support.EpochMicros;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.Processors;
import org.ristourne.support.SigningVendor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The account page as a customer meets it, without Stripe: signed up through the real form, subscribed and related to
 * vendors by the operator, sales reported by the vendors' signed webhooks. The page's rows, figures and state names
 * (in English and French) are read by the attributes the browser tests rely on, and the CSV must list exactly those
 * rows. Subscribing says plainly that Stripe is not configured; a form without its CSRF token is refused; no customer
 * sees another's sales.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ristourne.test.context=account-page", "ristourne.operator.password=" + OperatorClient.PASSWORD,
        "ristourne.deadlines.polling-interval=1s"})
abstract class AccountPageIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PASSWORD = "correct horse battery";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventProcessingConfiguration processing;

    private OperatorClient operator;
    private String run;

    @BeforeEach
    void clients() {
        operator = new OperatorClient("http://127.0.0.1:" + port);
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void theSalesOfTheSignedInCustomerShowWithTheirStatesAndTheCsvListsTheSameRows() {
        // Two vendors sharing 20 % of their margin, Ristourne keeping 25 % of that: one confirms at once, one keeps
        // a 14-day return window.
        String shop = "shop-" + run;
        String slow = "slow-" + run;
        SigningVendor shopVendor = new SigningVendor(base(), shop, operator.onboardVendor(shop, 2000, 2500, 0));
        SigningVendor slowVendor = new SigningVendor(base(), slow, operator.onboardVendor(slow, 2000, 2500, 14));
        Instant onboarded = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        PageBrowser anna = new PageBrowser(port);
        String annaId = signUpSubscribed(anna, "Anna");
        PageBrowser bruno = new PageBrowser(port);
        String brunoId = signUpSubscribed(bruno, "Bruno");

        String annaAtShop = relationship(annaId, shop);
        String annaAtSlow = relationship(annaId, slow);
        String brunoAtShop = relationship(brunoId, shop);
        // Sales complete after the agreements took effect, a second apart, so that newest first is one order.
        Instant now = onboarded.plusSeconds(2);
        Awaitility.await().atMost(WAIT).until(() -> Instant.now().isAfter(now.plusSeconds(5)));
        report(shopVendor, SigningVendor.saleCompleted("ord_r", annaAtShop, "EUR", 2000, 500L, now));
        report(shopVendor, SigningVendor.saleCompleted("ord_c", annaAtShop, "EUR", 12999, 4200L, now.plusSeconds(1)));
        report(slowVendor, SigningVendor.saleCompleted("ord_p", annaAtSlow, "EUR", 5000, 1000L, now.plusSeconds(2)));
        report(shopVendor, SigningVendor.saleCompleted("ord_b", brunoAtShop, "EUR", 3000, 1000L, now.plusSeconds(3)));
        Awaitility.await("the refunded sale confirmed first").atMost(WAIT)
                .until(() -> "CONFIRMED".equals(lineState(shop + "/ord_r")));
        report(shopVendor, SigningVendor.saleRefunded("ord_r", "rf_1", 2000, now.plusSeconds(4)));
        Awaitility.await("the statement lines").atMost(WAIT).until(() -> "REFUNDED".equals(lineState(shop + "/ord_r"))
                && "CONFIRMED".equals(lineState(shop + "/ord_c")) && "PENDING".equals(lineState(slow + "/ord_p"))
                && "CONFIRMED".equals(lineState(shop + "/ord_b")));
        Processors.awaitCaughtUp(processing, jdbc, WAIT);

        String page = anna.page("/account?lang=en");
        List<Map<String, String>> rows = PageBrowser.saleRows(page);
        assertThat(rows).extracting(row -> row.get("sale-key")).as("newest first, Bruno's sale absent")
                .containsExactly(slow + "/ord_p", shop + "/ord_c", shop + "/ord_r");
        assertThat(rows).extracting(row -> row.get("state"), row -> row.get("state-name"), row -> row.get("amount"),
                row -> row.get("refunded"), row -> row.get("rebate"), row -> row.get("currency"),
                row -> row.get("vendor"), row -> row.get("date")).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("PENDING", "Pending (return window)", "50.00", "0.00",
                                "1.50", "EUR", "Vendor " + slow, isoDate(now.plusSeconds(2))),
                        org.assertj.core.groups.Tuple.tuple("CONFIRMED", "Confirmed", "129.99", "0.00", "6.30", "EUR",
                                "Vendor " + shop, isoDate(now.plusSeconds(1))),
                        org.assertj.core.groups.Tuple.tuple("REFUNDED", "Cancelled (refunded)", "20.00", "20.00",
                                "0.00", "EUR", "Vendor " + shop, isoDate(now)));
        assertThat(rows.get(0).get("state-text")).matches("confirms in 1[34] days");
        assertThat(rows.get(0).get("state-date")).isEqualTo(isoDate(now.plusSeconds(2).plus(Duration.ofDays(14))));
        assertThat(page).contains("Margin €42.00 × 20 % = €8.40 shared; Ristourne keeps 25 % of it (€2.10): your"
                + " rebate is €6.30.");
        assertThat(PageBrowser.figure(page, "EUR", "pending")).isEqualTo("1.50");
        assertThat(PageBrowser.figure(page, "EUR", "confirmed")).isEqualTo("6.30");
        assertThat(PageBrowser.figure(page, "EUR", "available")).isEqualTo("0.00");
        assertThat(PageBrowser.figure(page, "EUR", "received")).isEqualTo("0.00");
        assertThat(PageBrowser.textOf(page, "subscription-status")).startsWith("Subscribed until");
        assertThat(page).contains("You have recovered 0 % of your subscription this year (€0.00 of €9.90)")
                .contains("<meter class=\"meter\" min=\"0\" id=\"recovered-meter\"")
                .contains("id=\"statement-csv\"").contains("role=\"img\"")
                .contains("data-month=\"" + YearMonth.from(now.atZone(ZoneOffset.UTC)) + "\"");
        assertThat(page).as("subscribed: nothing to subscribe to").doesNotContain("id=\"subscribe\"");
        assertThat(rows.get(2)).as("no date goes with a refunded sale").doesNotContainKey("state-date");
        assertCsvEqualsPage(anna, rows, "en");

        String french = anna.page("/account?lang=fr");
        List<Map<String, String>> frenchRows = PageBrowser.saleRows(french);
        assertThat(frenchRows).extracting(row -> row.get("state-name")).containsExactly(
                "En attente (délai de rétractation)", "Confirmée", "Annulée (remboursée)");
        assertThat(frenchRows.get(0).get("state-text")).matches("confirmation dans 1[34] jours");
        assertThat(french).contains("Vous avez récupéré 0 % de votre abonnement cette année");
        assertCsvEqualsPage(anna, frenchRows, "fr");

        List<Map<String, String>> brunoRows = PageBrowser.saleRows(bruno.page("/account"));
        assertThat(brunoRows).extracting(row -> row.get("sale-key")).containsExactly(shop + "/ord_b");
        List<List<String>> brunoCsv = PageBrowser.csv(bruno.get("/account/statement.csv").body());
        assertThat(brunoCsv).hasSize(2);
        assertThat(brunoCsv.get(1).get(0)).isEqualTo(shop + "/ord_b");
    }

    @Test
    void withoutStripeSubscribingSaysSoPlainlyAndAFormWithoutItsTokenIsRefused() {
        PageBrowser carla = new PageBrowser(port);
        carla.signUp("Carla", "carla-" + run + "@example.org", PASSWORD);
        String page = carla.page("/account");
        assertThat(PageBrowser.textOf(page, "subscription-status")).startsWith("You are not subscribed");
        assertThat(page).contains("id=\"stripe-not-configured\"").doesNotContain("id=\"subscribe\"")
                .contains("You have paid nothing for your subscription this year yet").contains("id=\"recovered-meter\"");

        HttpResponse<String> forged = carla.post("/subscribe", Map.of(), false);
        assertThat(forged.statusCode()).as("no CSRF token").isEqualTo(403);

        HttpResponse<String> subscribe = carla.post("/subscribe", Map.of(), true);
        assertThat(subscribe.statusCode()).isEqualTo(303);
        assertThat(subscribe.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).endsWith("/account?stripe-not-configured"));
        assertThat(PageBrowser.textOf(carla.page("/account?stripe-not-configured"), "stripe-not-configured"))
                .contains("Stripe is not configured");
        assertThat(jdbc.queryForObject("select count(*) from stripe_customer", Integer.class)).isZero();
    }

    /**
     * The states that need Stripe and a vendor's payment to reach, set straight in the read models this page reads
     * (the projections' own tests cover how events write them): names, dates, figures, the negative balance, the
     * chart's month and the payouts with the invoices that took their credit.
     */
    @Test
    void laterStatesTheNegativeBalanceAndPayoutsShowAsTheReadModelsHoldThem() {
        PageBrowser erik = new PageBrowser(port);
        String email = "erik-" + run + "@example.org";
        erik.signUp("Erik", email, PASSWORD);
        String customerId = jdbc.queryForObject("select customer_id from customer_account where email = ?",
                String.class, email);
        long now = EpochMicros.of(Instant.now());
        long day = 86_400_000_000L;
        String vendor = "gone-" + run;
        line(customerId, vendor + "/ord_1", "INVOICED", 630, 0, now - 9 * day, now - 2 * day, null, null);
        line(customerId, vendor + "/ord_2", "PAYABLE", 630, 0, now - 8 * day, now - 3 * day, null, null);
        line(customerId, vendor + "/ord_3", "CREDITED", 630, 630, now - 7 * day, now - 4 * day, "in_test_123",
                now - day);
        line(customerId, vendor + "/ord_4", "PAID", 630, 630, now - 6 * day, now - 4 * day, null, null);
        jdbc.update("""
                insert into payout (payout_id, customer_id, currency, amount_minor, state, requested_at_us,
                    settled_at_us) values (?, ?, 'EUR', 630, 'SETTLED', ?, ?)""", "po-" + run, customerId,
                now - 2 * day, now - 2 * day);
        jdbc.update("insert into payout_method (payout_id, customer_id, method) values (?, ?, 'CREDIT')",
                "po-" + run, customerId);
        jdbc.update("""
                insert into credit_application (stripe_invoice_id, payout_id, sale_key, customer_id, currency,
                    amount_minor, applied_at_us) values ('in_test_123', ?, ?, ?, 'EUR', 630, ?)""", "po-" + run,
                vendor + "/ord_3", customerId, now - day);
        // Funded 6.30, paid 6.30, then a refund took 2.43 back: the payable account reads -2.43.
        entry(customerId, "funded", -630, "SHARES_FUNDED", now - 3 * day);
        entry(customerId, "paid", 630, "REBATE_PAID", now - 2 * day);
        entry(customerId, "refund", 243, "SHARES_REFUNDED", now - day);

        String page = erik.page("/account?lang=en");

        List<Map<String, String>> rows = PageBrowser.saleRows(page);
        assertThat(rows).extracting(row -> row.get("state"), row -> row.get("state-name")).containsExactly(
                org.assertj.core.groups.Tuple.tuple("PAID", "Paid"),
                org.assertj.core.groups.Tuple.tuple("CREDITED", "Credited on your invoice"),
                org.assertj.core.groups.Tuple.tuple("PAYABLE", "Available"),
                org.assertj.core.groups.Tuple.tuple("INVOICED", "Invoiced to the vendor"));
        assertThat(rows.get(1).get("state-text")).isEqualTo("on invoice in_test_123, 1 day ago");
        assertThat(rows.get(3).get("state-text")).isEqualTo("vendor invoiced 2 days ago");
        assertThat(page).contains("Credited on invoice in_test_123");
        assertThat(PageBrowser.figure(page, "EUR", "confirmed")).isEqualTo("6.30");
        assertThat(PageBrowser.figure(page, "EUR", "available")).isEqualTo("6.30");
        assertThat(PageBrowser.figure(page, "EUR", "received")).isEqualTo("12.60");
        assertThat(page).contains("Next credit: on your next subscription invoice")
                .contains("A refund after your rebate was credited; it will be taken from your next rebates, never"
                        + " charged to your card.").contains("-€2.43")
                .contains("You have received €6.30 this year, and paid nothing for your subscription in this currency.")
                .contains("data-payout-id=\"po-" + run + "\"").contains("credit on your Stripe balance");
        String french = erik.page("/account?lang=fr");
        assertThat(PageBrowser.saleRows(french)).extracting(row -> row.get("state-name")).containsExactly(
                "Versée", "Déduite de votre facture", "Disponible", "Facturée au vendeur");
        assertCsvEqualsPage(erik, PageBrowser.saleRows(french), "fr");
    }

    /**
     * A payout Stripe keeps failing, as the payout read model holds it after PayoutAttemptFailed (the Stripe payback
     * test drives the real outage): the page says it is delayed, why, and when it is tried next, in both languages;
     * once settled the notice is gone.
     */
    @Test
    void aPayoutStripeKeepsFailingShowsDelayedWithItsNextAttemptUntilItIsSettled() {
        PageBrowser ada = new PageBrowser(port);
        String email = "ada-" + run + "@example.org";
        ada.signUp("Ada", email, PASSWORD);
        String customerId = jdbc.queryForObject("select customer_id from customer_account where email = ?",
                String.class, email);
        long now = EpochMicros.of(Instant.now());
        jdbc.update("""
                insert into payout (payout_id, customer_id, currency, amount_minor, state, requested_at_us,
                    failed_attempts, next_attempt_at_us, reason) values (?, ?, 'EUR', 630, 'REQUESTED', ?, 2, ?,
                    'Stripe answered 503')""", "po-late-" + run, customerId, now, now + 120_000_000L);

        String english = ada.page("/account?lang=en");
        assertThat(english).contains("data-state=\"DELAYED\"").contains(">Delayed<")
                .contains("Stripe, our payment provider, is not answering; we try again automatically. Nothing is"
                        + " lost.").contains("next attempt at ").doesNotContain("503");
        String french = ada.page("/account?lang=fr");
        assertThat(french).contains(">Retardé<").contains("Stripe, notre prestataire de paiement, ne répond pas")
                .contains("est perdu.").contains("prochain essai à ");

        jdbc.update("update payout set state = 'SETTLED', settled_at_us = ?, next_attempt_at_us = null"
                + " where payout_id = ?", now, "po-late-" + run);
        assertThat(ada.page("/account?lang=en")).contains("data-state=\"SETTLED\"").contains(">Done<")
                .doesNotContain("Delayed").doesNotContain("is not answering");
    }

    private void line(String customerId, String saleKey, String state, long rebate, long paid, long completedAt,
                      long invoicedAt, String invoiceId, Long creditedAt) {
        jdbc.update("""
                insert into customer_statement_line (sale_key, customer_id, vendor_id, vendor_sale_id, currency,
                    amount_minor, margin_minor, share_bps, broker_fee_bps, refunded_minor, rebate_minor, state,
                    completed_at_us, confirmable_at_us, paid_minor, invoiced_at_us, credited_invoice_id,
                    credited_at_us)
                values (?, ?, ?, ?, 'EUR', 12999, 4200, 2000, 2500, 0, ?, ?, ?, ?, ?, ?, ?, ?)""", saleKey, customerId,
                saleKey.substring(0, saleKey.indexOf('/')), saleKey.substring(saleKey.indexOf('/') + 1), rebate, state,
                completedAt, completedAt, paid, invoicedAt, invoiceId, creditedAt);
    }

    private void entry(String customerId, String posting, long amount, String reason, long bookedAt) {
        jdbc.update("""
                insert into ledger_entry (posting_id, entry_no, account_type, owner, currency, amount_minor, reason,
                    effective_at_us, booked_at_us) values (?, 0, 'CUSTOMER_REBATE_PAYABLE', ?, 'EUR', ?, ?, ?, ?)""",
                posting + "-" + run, customerId, amount, reason, bookedAt, bookedAt);
    }

    @Test
    void theCustomerDownloadsAllTheirDataAsJsonAndNothingOfAnyoneElses() {
        String shop = "data-" + run;
        SigningVendor shopVendor = new SigningVendor(base(), shop, operator.onboardVendor(shop, 2000, 2500, 0));
        Instant onboarded = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        PageBrowser anna = new PageBrowser(port);
        String annaId = signUpSubscribed(anna, "Anna");
        PageBrowser bruno = new PageBrowser(port);
        String brunoId = signUpSubscribed(bruno, "Bruno");
        String annaRef = relationship(annaId, shop);
        String brunoRef = relationship(brunoId, shop);
        Instant completed = onboarded.plusSeconds(2);
        Awaitility.await().atMost(WAIT).until(() -> Instant.now().isAfter(completed.plusSeconds(1)));
        report(shopVendor, """
                {"type":"sale.completed","timestamp":"%s","data":{"saleId":"ord_lamp","customerRef":"%s",\
                "currency":"EUR","amount":15998,"margin":5000,"completedAt":"%s","lines":[\
                {"description":"Lampe de bureau en laiton é — abat-jour lin","quantity":1,"amount":12999},\
                {"description":"Ampoule LED","quantity":3,"amount":2999}]}}"""
                .formatted(Instant.now(), annaRef, completed));
        report(shopVendor, SigningVendor.saleCompleted("ord_bruno", brunoRef, "EUR", 3000, 1000L, completed));
        Awaitility.await("Anna's sale confirmed").atMost(WAIT)
                .until(() -> "CONFIRMED".equals(lineState(shop + "/ord_lamp")));
        report(shopVendor, SigningVendor.saleRefunded("ord_lamp", "rf_bulbs", 2999, completed.plusSeconds(1)));
        Awaitility.await("the refund on the statement").atMost(WAIT).until(() -> jdbc.queryForObject(
                "select refunded_minor from customer_statement_line where sale_key = ?", Long.class,
                shop + "/ord_lamp") == 2999L);

        assertThat(anna.page("/account")).contains("id=\"my-data\"", "href=\"/account/data.json\"");
        HttpResponse<String> download = anna.get("/account/data.json");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        assertThat(download.headers().firstValue("Content-Disposition")).hasValueSatisfying(disposition ->
                assertThat(disposition).startsWith("attachment").contains("ristourne-my-data-"));
        assertThat(download.headers().allValues("Cache-Control")).anyMatch(value -> value.contains("no-store"));
        JsonNode data = JSON.readTree(download.body());
        assertThat(data.get("format").asString()).isEqualTo("ristourne-customer-data/1");
        assertThat(data.at("/profile/customerId").asString()).isEqualTo(annaId);
        assertThat(data.at("/profile/email").asString()).isEqualTo("anna-" + run + "@example.org");
        assertThat(data.at("/profile/displayName").asString()).isEqualTo("Anna");
        assertThat(data.at("/subscription/periods")).hasSize(1);
        assertThat(data.at("/subscription/periods/0/paid/minorUnits").asLong()).isEqualTo(990);
        assertThat(data.get("relationships")).hasSize(1);
        assertThat(data.at("/relationships/0/vendorId").asString()).isEqualTo(shop);
        assertThat(data.at("/relationships/0/customerRef").asString()).isEqualTo(annaRef);
        assertThat(data.at("/relationships/0/endedAt").isNull()).isTrue();

        assertThat(data.get("sales")).hasSize(1);
        JsonNode sale = data.at("/sales/0");
        assertThat(sale.get("saleKey").asString()).isEqualTo(shop + "/ord_lamp");
        assertThat(sale.at("/amount/decimal").asString()).isEqualTo("159.98");
        assertThat(sale.at("/margin/minorUnits").asLong()).isEqualTo(5000);
        assertThat(sale.get("lines")).hasSize(2);
        assertThat(sale.at("/lines/0/description").asString())
                .isEqualTo("Lampe de bureau en laiton é — abat-jour lin");
        assertThat(sale.at("/lines/1/quantity").asInt()).isEqualTo(3);
        assertThat(sale.at("/lines/1/amount/decimal").asString()).isEqualTo("29.99");
        assertThat(sale.at("/refunds/0/refundId").asString()).isEqualTo("rf_bulbs");
        assertThat(sale.at("/refunds/0/amount/minorUnits").asLong()).isEqualTo(2999);
        assertThat(sale.at("/agreement/shareBasisPoints").asInt()).isEqualTo(2000);
        assertThat(sale.at("/statement/state").asString()).isEqualTo("CONFIRMED");
        assertThat(sale.at("/statement/refunded/minorUnits").asLong()).isEqualTo(2999);

        List<String> consent = new java.util.ArrayList<>();
        data.get("consentHistory").forEach(event -> consent.add(event.get("what").asString()));
        assertThat(consent).containsSubsequence("registered", "subscription-period-paid")
                .contains("relationship-opened");
        assertThat(data.at("/payouts").isArray()).isTrue();
        assertThat(data.at("/creditsOnSubscriptionInvoices").isArray()).isTrue();

        assertThat(download.body()).as("nothing of Bruno's").doesNotContain(brunoId).doesNotContain(brunoRef)
                .doesNotContain("bruno-" + run).doesNotContain("ord_bruno");
        assertThat(download.body()).as("never a password hash").doesNotContain("bcrypt").doesNotContain("password");
        assertThat(JSON.readTree(bruno.get("/account/data.json").body()).at("/sales/0/saleKey").asString())
                .isEqualTo(shop + "/ord_bruno");
        HttpResponse<String> stranger = new PageBrowser(port).get("/account/data.json");
        assertThat(stranger.statusCode()).isIn(302, 401);
        assertThat(stranger.body()).doesNotContain("ristourne-customer-data");
    }

    @Test
    void anonymousCallersReachNeitherThePageNorTheCsv() {
        PageBrowser stranger = new PageBrowser(port);
        HttpResponse<String> page = stranger.get("/account");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).endsWith("/sign-in"));
        assertThat(stranger.get("/account/statement.csv").statusCode()).isIn(302, 401);
        assertThat(stranger.get("/account/statement.csv").body()).doesNotContain("sale_key");
    }

    private void assertCsvEqualsPage(PageBrowser browser, List<Map<String, String>> rows, String language) {
        HttpResponse<String> response = browser.get("/account/statement.csv?lang=" + language);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/csv;charset=UTF-8");
        assertThat(response.headers().firstValue("Content-Disposition")).hasValueSatisfying(disposition ->
                assertThat(disposition).startsWith("attachment"));
        List<List<String>> csv = PageBrowser.csv(response.body());
        assertThat(csv.get(0)).containsExactly("sale_key", "vendor", "date", "amount", "refunded", "rebate",
                "currency", "state", "state_name", "state_date");
        List<List<String>> pageRows = rows.stream().map(row -> List.of(row.get("sale-key"), row.get("vendor"),
                row.get("date"), row.get("amount"), row.get("refunded"), row.get("rebate"), row.get("currency"),
                row.get("state"), row.get("state-name"), row.getOrDefault("state-date", ""))).toList();
        assertThat(csv.subList(1, csv.size())).as("the CSV's rows are the page's").isEqualTo(pageRows);
    }

    /** Signed up through the form, then subscribed from early this year (or ten days ago) to a month ahead. */
    private String signUpSubscribed(PageBrowser browser, String name) {
        String email = name.toLowerCase() + "-" + run + "@example.org";
        browser.signUp(name, email, PASSWORD);
        String customerId = jdbc.queryForObject("select customer_id from customer_account where email = ?",
                String.class, email);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant yearStart = Year.now(ZoneOffset.UTC).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant from = now.minus(Duration.ofDays(10)).isBefore(yearStart) ? yearStart : now.minus(Duration.ofDays(10));
        operator.call("POST", "/operator/customers/" + customerId + "/subscription-periods", """
                {"activeFrom":"%s","activeUntil":"%s","amountPaid":{"amount":990,"currency":"EUR"}}"""
                .formatted(from, now.plus(Duration.ofDays(30))), 204);
        return customerId;
    }

    private String relationship(String customerId, String vendorId) {
        return operator.call("POST", "/operator/customers/" + customerId + "/relationships",
                "{\"vendorId\":\"" + vendorId + "\"}", 201).get("customerRef").asString();
    }

    private static void report(SigningVendor vendor, String body) {
        HttpResponse<String> answer = vendor.send(body);
        assertThat(answer.statusCode()).as(answer.body()).isIn(200, 202);
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private String lineState(String saleKey) {
        return jdbc.queryForList("select state from customer_statement_line where sale_key = ?", String.class, saleKey)
                .stream().findFirst().orElse(null);
    }

    private static String isoDate(Instant instant) {
        return instant.atZone(ZoneOffset.UTC).toLocalDate().toString();
    }
}
