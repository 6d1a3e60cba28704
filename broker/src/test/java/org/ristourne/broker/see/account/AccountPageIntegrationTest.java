package org.ristourne.broker.see.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.sale.SaleReported;
import org.ristourne.broker.api.see.GetVendorStatement;
import org.ristourne.broker.api.see.VendorStatement;
import org.ristourne.broker.privacy.CustomerErasure;
import org.ristourne.broker.privacy.PersonalData;
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

    @Autowired
    DataSource dataSource;

    @Autowired
    QueryGateway queries;

    @Autowired
    EventStore events;

    @Autowired
    PersonalData personalData;

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
        String customerId = signUp(erik, "Erik");
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
        String customerId = signUp(ada, "Ada");
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
        report(shopVendor, saleWithLines("ord_lamp", annaRef, 15998, 5000, completed,
                line("Lampe de bureau en laiton é — abat-jour lin", 1, 12999), line("Ampoule LED", 3, 2999)));
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

    /**
     * Issue 14, privacy: the line descriptions are sealed at rest from the start (no table holds them in clear, the
     * download shows them); once the customer erases their account (a mistyped confirmation erases nothing), their
     * e-mail, name and descriptions are found in no text or binary column of any table, event payloads included,
     * they are signed out and cannot sign in, the vendor's later reports are refused, and a replay of the ledger's read
     * models brings no description back while the postings, the balance per currency and the vendor's statement stay
     * exactly as they were.
     */
    @Test
    void aCustomerWhoErasesTheirAccountLeavesNothingReadableOfThemWhileTheBooksStillAddUp() throws SQLException {
        String shop = "erase-" + run;
        SigningVendor vendor = new SigningVendor(base(), shop, operator.onboardVendor(shop, 2000, 2500, 0));
        Instant onboarded = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        PageBrowser erin = new PageBrowser(port);
        String name = "Erin" + run;
        String email = name.toLowerCase() + "-" + run + "@example.org";
        String erinId = signUpSubscribed(erin, name);
        String erinRef = relationship(erinId, shop);
        String chair = "Folding chair for " + name + ", 12 Lilac Lane " + run;
        String cushion = "Cushion embroidered " + run;
        Instant completed = onboarded.plusSeconds(2);
        String chairReport = saleWithLines("ord_chair", erinRef, 20000, 6000, completed, line(chair, 1, 15000),
                line(cushion, 2, 5000));
        report(vendor, chairReport);
        String saleKey = shop + "/ord_chair";
        Awaitility.await("the sale confirmed").atMost(WAIT).until(() -> "CONFIRMED".equals(lineState(saleKey)));
        report(vendor, SigningVendor.saleRefunded("ord_chair", "rf_cushion", 5000, completed.plusSeconds(1)));
        Awaitility.await("the refund on the statement").atMost(WAIT).until(() -> jdbc.queryForObject(
                "select refunded_minor from customer_statement_line where sale_key = ?", Long.class, saleKey) == 5000L);
        Processors.awaitCaughtUp(processing, jdbc, WAIT);

        assertThat(tablesHolding(chair)).as("sealed at rest from the start").isEmpty();
        assertThat(tablesHolding(cushion)).isEmpty();
        assertThat(erin.get("/account/data.json").body()).as("and readable by the customer").contains(chair, cushion);
        List<Map<String, Object>> postings = postings(saleKey);
        List<Map<String, Object>> statementLine = jdbc.queryForList(
                "select * from customer_statement_line where sale_key = ?", saleKey);
        List<VendorStatement> vendorStatement = vendorStatement(shop, onboarded);
        assertThat(postings).isNotEmpty();
        assertThat(vendorStatement).isNotEmpty();

        assertThat(erin.page("/account")).contains("id=\"erase-form\"");
        HttpResponse<String> mistyped = erin.post("/account/erase", Map.of("email", "erin@example.org"), true);
        assertThat(mistyped.statusCode()).isEqualTo(303);
        assertThat(mistyped.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).endsWith("/account?erase-unconfirmed#erase"));
        assertThat(erin.page("/account?erase-unconfirmed")).contains("id=\"erase-unconfirmed\"");
        assertThat(accounts(erinId)).as("a mistyped confirmation erases nothing").isOne();

        HttpResponse<String> erased = erin.post("/account/erase", Map.of("email", " " + email.toUpperCase() + " "),
                true);
        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(303);
        assertThat(erased.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).endsWith("/?erased"));
        assertThat(erin.page("/?erased")).contains("id=\"erased\"");
        assertThat(erin.get("/account").statusCode()).as("signed out").isEqualTo(302);
        assertThat(erin.get("/account/data.json").statusCode()).isIn(302, 401);
        assertThat(accounts(erinId)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from SPRING_SESSION where PRINCIPAL_NAME = ?", Integer.class,
                email)).isZero();
        assertThat(jdbc.queryForMap("select key_ciphertext, erased_at_us from customer_data_key where customer_id = ?",
                erinId)).satisfies(key -> {
                    assertThat(key.values().stream().toList().get(0)).as("the key destroyed").isNull();
                    assertThat(key.values().stream().toList().get(1)).isNotNull();
                });
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?"
                + " and payload_type like '%.CustomerDataErased'", Integer.class, erinId)).isOne();
        assertThat(jdbc.queryForObject("select count(*) from directory_relationship where customer_id = ?"
                + " and ended_at_us is null", Integer.class, erinId)).as("relationships ended").isZero();
        PageBrowser again = new PageBrowser(port);
        again.page("/sign-in");
        HttpResponse<String> signIn = again.post("/sign-in", Map.of("email", email, "password", PASSWORD), true);
        assertThat(signIn.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).contains("/sign-in?error"));
        HttpResponse<String> later = vendor.send(SigningVendor.saleCompleted("ord_later", erinRef, "EUR", 3000, 1000L,
                Instant.now()));
        assertThat(later.statusCode()).as(later.body()).isEqualTo(422);
        assertThat(later.body()).contains("closed-customer-ref");
        assertThat(jdbc.queryForObject("select content_hash from sale_intake where vendor_id = ?"
                + " and vendor_sale_id = ?", String.class, shop, "ord_chair")).as("the hash that covered the descriptions is gone")
                .isEqualTo(CustomerErasure.ERASED_CONTENT_HASH);
        HttpResponse<String> retried = vendor.send(chairReport);
        assertThat(retried.statusCode()).as("a retry of the erased customer's sale is a repeat: " + retried.body())
                .isEqualTo(200);

        for (String trace : List.of(chair, cushion, email, name)) {
            assertThat(tablesHolding(trace)).as("'%s' readable nowhere", trace).isEmpty();
        }
        assertThat(descriptionsOfTheSale(erinId, saleKey)).as("the event's lines no longer open")
                .containsExactly(null, null);

        operator.call("POST", "/actuator/ledgerreplay", null, 200);
        Awaitility.await("the ledger's read models replayed").atMost(WAIT).until(() ->
                operator.call("GET", "/actuator/ledgerreplay", null, 200).get("caughtUp").asBoolean());
        Processors.awaitCaughtUp(processing, jdbc, WAIT);

        assertThat(tablesHolding(chair)).as("no description back after a replay").isEmpty();
        assertThat(tablesHolding(cushion)).isEmpty();
        assertThat(postings(saleKey)).as("the sale's postings, as before").isEqualTo(postings);
        assertThat(jdbc.queryForList("select * from customer_statement_line where sale_key = ?", saleKey))
                .isEqualTo(statementLine);
        assertThat(vendorStatement(shop, onboarded)).as("the vendor's statement adds up as before")
                .isEqualTo(vendorStatement);
        assertThat(jdbc.queryForList("select currency, sum(amount_minor) as total from ledger_entry"
                + " group by currency")).as("the ledger balances in every currency")
                .allSatisfy(row -> assertThat(((Number) row.get("total")).longValue()).isZero());
        assertThat(jdbc.queryForObject("select sum(amount_minor) from ledger_entry where sale_key = ?", Long.class,
                saleKey)).isZero();
    }

    private int accounts(String customerId) {
        return jdbc.queryForObject("select count(*) from customer_account where customer_id = ?", Integer.class,
                customerId);
    }

    private List<Map<String, Object>> postings(String saleKey) {
        return jdbc.queryForList("select posting_id, entry_no, account_type, owner, currency, amount_minor, reason"
                + " from ledger_entry where sale_key = ? order by posting_id, entry_no", saleKey);
    }

    private List<VendorStatement> vendorStatement(String vendorId, Instant from) {
        return queries.query(new GetVendorStatement(vendorId, from.minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(1))), ResponseTypes.multipleInstancesOf(VendorStatement.class))
                .join();
    }

    private List<String> descriptionsOfTheSale(String customerId, String saleKey) {
        List<String> descriptions = new java.util.ArrayList<>();
        events.readEvents(saleKey).asStream().map(message -> message.getPayload())
                .filter(SaleReported.class::isInstance).map(SaleReported.class::cast)
                .forEach(reported -> reported.lines().forEach(line ->
                        descriptions.add(personalData.open(new CustomerId(customerId), line.description()))));
        return descriptions;
    }

    /** Every table of the database whose text or binary columns hold {@code text} somewhere, as UTF-8. */
    private List<String> tablesHolding(String text) throws SQLException {
        Set<Integer> types = Set.of(Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.CLOB, Types.NCHAR,
                Types.NVARCHAR, Types.LONGNVARCHAR, Types.NCLOB, Types.BLOB, Types.BINARY, Types.VARBINARY,
                Types.LONGVARBINARY);
        Map<String, List<String>> columns = new java.util.TreeMap<>();
        String quote;
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData metadata = connection.getMetaData();
            quote = metadata.getIdentifierQuoteString().strip();
            try (ResultSet rs = metadata.getColumns(connection.getCatalog(), connection.getSchema(), "%", "%")) {
                while (rs.next()) {
                    if (types.contains(rs.getInt("DATA_TYPE"))) {
                        columns.computeIfAbsent(rs.getString("TABLE_NAME"), table -> new java.util.ArrayList<>())
                                .add(rs.getString("COLUMN_NAME"));
                    }
                }
            }
        }
        assertThat(columns).as("the scan sees the event store and the accounts")
                .containsKeys(stored("domain_event_entry", columns), stored("customer_account", columns));
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        List<String> found = new java.util.ArrayList<>();
        columns.forEach((table, names) -> {
            String select = names.stream().map(column -> quote + column + quote)
                    .collect(java.util.stream.Collectors.joining(", ", "select ", " from " + quote + table + quote));
            jdbc.query(select, rs -> {
                for (int i = 1; i <= names.size(); i++) {
                    byte[] value = bytes(rs.getObject(i));
                    if (value != null && indexOf(value, needle) >= 0) {
                        found.add(table + "." + names.get(i - 1));
                    }
                }
            });
        });
        return found;
    }

    private static byte @Nullable [] bytes(@Nullable Object value) throws SQLException {
        if (value instanceof byte[] bytes) {
            return bytes;
        } else if (value instanceof Blob blob) {
            return blob.getBytes(1, (int) blob.length());
        } else if (value instanceof Clob clob) {
            return clob.getSubString(1, (int) clob.length()).getBytes(StandardCharsets.UTF_8);
        }
        return value == null ? null : value.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String stored(String table, Map<String, List<String>> columns) {
        return columns.containsKey(table) ? table : table.toUpperCase(java.util.Locale.ROOT);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
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

    /** Signed up through the form as {@code <name>-<run>@example.org}: the new customer's id. */
    private String signUp(PageBrowser browser, String name) {
        String email = name.toLowerCase() + "-" + run + "@example.org";
        browser.signUp(name, email, PASSWORD);
        return jdbc.queryForObject("select customer_id from customer_account where email = ?", String.class, email);
    }

    /** Signed up through the form, then subscribed from early this year (or ten days ago) to a month ahead. */
    private String signUpSubscribed(PageBrowser browser, String name) {
        String customerId = signUp(browser, name);
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

    /** A sale.completed report with these lines, sent once {@code completed} is past (a future one is refused). */
    private static String saleWithLines(String saleId, String customerRef, long amount, long margin, Instant completed,
                                        String... lines) {
        Awaitility.await().atMost(WAIT).until(() -> Instant.now().isAfter(completed.plusSeconds(1)));
        return """
                {"type":"sale.completed","timestamp":"%s","data":{"saleId":"%s","customerRef":"%s",\
                "currency":"EUR","amount":%d,"margin":%d,"completedAt":"%s","lines":[%s]}}"""
                .formatted(Instant.now(), saleId, customerRef, amount, margin, completed, String.join(",", lines));
    }

    private static String line(String description, int quantity, long amount) {
        return "{\"description\":\"%s\",\"quantity\":%d,\"amount\":%d}".formatted(description, quantity, amount);
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
