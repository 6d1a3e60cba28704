package org.ristourne.broker.see.deliveries;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.report.deliverylog.VendorDeliveryLog;
import org.ristourne.broker.support.EpochMicros;
import org.ristourne.broker.vendor.users.VendorUserAccounts;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.PageClient;
import org.ristourne.support.PageRows;
import org.ristourne.support.SigningVendor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The delivery log over real HTTP: a vendor's system sends signed reports (recorded, repeated, refused by a rule) and
 * a badly signed one; the vendor's user sees exactly the three signed ones with their outcomes, filters them, sends a
 * test report and sees its real answer and its row; another vendor's user sees none of it; the purge keeps the log
 * within its bounds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ristourne.test.context=vendor-deliveries", "ristourne.operator.password=" + OperatorClient.PASSWORD,
        "ristourne.delivery-log.keep-per-vendor=" + VendorDeliveriesIntegrationTest.KEEP,
        "ristourne.delivery-log.purge-every=0s"})
abstract class VendorDeliveriesIntegrationTest {

    static final int KEEP = 50;

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    VendorUserAccounts accounts;

    @Autowired
    VendorDeliveryLog deliveryLog;

    private OperatorClient operator;
    private String run;

    @BeforeEach
    void clients() {
        operator = new OperatorClient("http://127.0.0.1:" + port);
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    record Row(String webhookId, String outcome, String type, String status, String problem, String test) {
    }

    @Test
    void signedDeliveriesAreLoggedWithTheirOutcomeForTheirVendorOnly() {
        String vendorId = "dlv-" + run;
        String secret = operator.onboardVendor(vendorId, 2000, 2500, 0);
        OperatorClient.Customer customer = operator.subscribedCustomerOf(vendorId);
        SigningVendor vendor = new SigningVendor("http://127.0.0.1:" + port, vendorId, secret);

        String recordedId = SigningVendor.newWebhookId();
        String sale = SigningVendor.saleCompleted("ord_1", customer.customerRef(), "EUR", 12999, 4200L, Instant.now());
        assertThat(vendor.send(recordedId, sale).statusCode()).isEqualTo(202);
        String duplicateId = SigningVendor.newWebhookId();
        assertThat(vendor.send(duplicateId, sale).statusCode()).isEqualTo(200);
        String refusedId = SigningVendor.newWebhookId();
        HttpResponse<String> refused = vendor.send(refusedId, SigningVendor.saleCompleted("ord_2",
                customer.customerRef(), "EUR", 1000, 2000L, Instant.now()));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).contains("/problems/margin-above-amount");
        String forgedId = SigningVendor.newWebhookId();
        long now = Instant.now().getEpochSecond();
        String forged = SigningVendor.saleCompleted("ord_3", customer.customerRef(), "EUR", 500, 100L, Instant.now());
        assertThat(vendor.send(forgedId, now, SigningVendor.sign(
                "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]), forgedId, now, forged), forged,
                "application/json").statusCode()).isEqualTo(401);
        assertThat(vendor.send(SigningVendor.newWebhookId(), now, null, forged, "application/json").statusCode())
                .isEqualTo(401);

        PageClient user = vendorUser(vendorId);
        HttpResponse<String> page = user.get("/vendor/deliveries");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(rows(page.body())).containsExactly(
                new Row(refusedId, "refused", "sale.completed", "422", "margin-above-amount", "false"),
                new Row(duplicateId, "duplicate", "sale.completed", "200", "", "false"),
                new Row(recordedId, "recorded", "sale.completed", "202", "", "false"));
        assertThat(page.body()).contains("Delivery log", "<select id=\"outcome\" name=\"outcome\">",
                "<label for=\"outcome\">", "is above the amount").doesNotContain(forgedId)
                .doesNotContain(customer.customerId());
        assertThat(jdbc.queryForObject("select count(*) from vendor_delivery where vendor_id = ?", Integer.class,
                vendorId)).as("signed deliveries only").isEqualTo(3);

        // The filter, as the form submits it; an outcome the form does not offer shows all.
        assertThat(rows(user.get("/vendor/deliveries?outcome=refused").body())).extracting(Row::webhookId)
                .containsExactly(refusedId);
        assertThat(rows(user.get("/vendor/deliveries?outcome=duplicate").body())).extracting(Row::webhookId)
                .containsExactly(duplicateId);
        HttpResponse<String> recorded = user.get("/vendor/deliveries?outcome=recorded");
        assertThat(rows(recorded.body())).extracting(Row::webhookId).containsExactly(recordedId);
        assertThat(recorded.body()).contains("<option value=\"recorded\" selected=\"selected\">");
        assertThat(rows(user.get("/vendor/deliveries?outcome=lost").body())).hasSize(3);
        assertThat(user.get("/vendor/deliveries?lang=fr").body()).contains("Journal des livraisons", "Refusée",
                "Doublon", "Enregistrée");
        user.get("/vendor/deliveries?lang=en");

        // Test send: a real answer over HTTP, a refusal by design, and its row in the log.
        HttpResponse<String> sent = user.submit("/vendor/deliveries", "/vendor/test-send", java.util.Map.of());
        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(sent.body()).contains("id=\"test-send-result\"", "data-status=\"422\"",
                "/problems/unknown-customer-ref", "Your webhook answered 422");
        List<Row> afterTest = rows(sent.body());
        assertThat(afterTest).hasSize(4);
        assertThat(afterTest.get(0)).satisfies(row -> {
            assertThat(row.webhookId()).startsWith(TestSend.WEBHOOK_ID_PREFIX);
            assertThat(row.outcome()).isEqualTo("refused");
            assertThat(row.problem()).isEqualTo("unknown-customer-ref");
            assertThat(row.test()).isEqualTo("true");
        });
        assertThat(jdbc.queryForObject("select count(*) from sale_intake where vendor_id = ?", Integer.class,
                vendorId)).as("the test report is never a sale").isEqualTo(1);
        // without the form's token, nothing is sent
        assertThat(user.post("/vendor/test-send", java.util.Map.of()).statusCode()).isEqualTo(403);
        assertThat(jdbc.queryForObject("select count(*) from vendor_delivery where vendor_id = ?", Integer.class,
                vendorId)).isEqualTo(4);

        // Another vendor's user sees none of it, whatever the filter.
        String otherId = "dlv-other-" + run;
        operator.onboardVendor(otherId, 1000, 2000, 0);
        PageClient other = vendorUser(otherId);
        HttpResponse<String> othersPage = other.get("/vendor/deliveries");
        assertThat(othersPage.statusCode()).isEqualTo(200);
        assertThat(rows(othersPage.body())).isEmpty();
        assertThat(othersPage.body()).contains("id=\"no-deliveries\"").doesNotContain(recordedId)
                .doesNotContain(refusedId);
        assertThat(rows(other.get("/vendor/deliveries?outcome=refused").body())).isEmpty();

        // Neither a customer nor an anonymous visitor reaches the page.
        assertThat(new PageClient(port).get("/vendor/deliveries").statusCode()).isIn(302, 401, 403);
    }

    @Test
    void purgeKeepsTheNewestRowsPerVendorAndNothingPastTheAge() {
        VendorId busy = new VendorId("dlv-busy-" + run);
        VendorId quiet = new VendorId("dlv-quiet-" + run);
        long now = EpochMicros.of(Instant.now());
        long old = EpochMicros.of(Instant.now().minus(Duration.ofDays(31)));
        for (int i = 0; i < KEEP + 7; i++) {
            insert(busy, "msg_busy_" + i, now);
        }
        insert(quiet, "msg_quiet_old", old);
        insert(quiet, "msg_quiet_new", now);

        assertThat(deliveryLog.purge()).isGreaterThanOrEqualTo(8);

        List<String> kept = jdbc.queryForList("select webhook_id from vendor_delivery where vendor_id = ?"
                + " order by delivery_id", String.class, busy.value());
        assertThat(kept).hasSize(KEEP).first().isEqualTo("msg_busy_7");
        assertThat(kept).last().isEqualTo("msg_busy_" + (KEEP + 6));
        assertThat(jdbc.queryForList("select webhook_id from vendor_delivery where vendor_id = ?", String.class,
                quiet.value())).containsExactly("msg_quiet_new");
        assertThat(deliveryLog.purge()).as("a second run finds nothing more").isZero();
    }

    private void insert(VendorId vendor, String webhookId, long receivedAtUs) {
        jdbc.update("insert into vendor_delivery (vendor_id, webhook_id, event_type, outcome, http_status,"
                + " received_at_us) values (?, ?, 'sale.completed', 'recorded', 202, ?)", vendor.value(), webhookId,
                receivedAtUs);
    }

    private PageClient vendorUser(String vendorId) {
        VendorUserAccounts.Created created = accounts.create(new VendorId(vendorId), "dev-" + vendorId
                + "@vendor.example", "Developer of " + vendorId);
        PageClient user = new PageClient(port);
        HttpResponse<String> signedIn = user.signIn(created.email(), created.initialPassword());
        assertThat(PageClient.location(signedIn)).endsWith("/vendor");
        return user;
    }

    private static List<Row> rows(String html) {
        return PageRows.dataRows(html, "tr", "delivery").stream().map(row -> new Row(row.get("webhook-id"),
                row.get("outcome"), row.get("type"), row.get("status"), row.getOrDefault("problem", ""),
                row.get("test"))).toList();
    }
}
