package org.ristourne.broker.see.vendorconsole;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.vendor.users.VendorUserAccounts;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.PageClient;
import org.ristourne.support.SigningVendor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The vendor console over HTTP, as a vendor user's browser without JavaScript uses it: sign in with the first password
 * the operator handed over, read the integration's health and the agreement in words, rotate the signing secret (shown
 * once, in a no-store answer; the old one keeps verifying during the overlap; a resent form rotates nothing), change
 * the password. Another vendor's user sees none of it; customers and visitors cannot open the console; a form without
 * its CSRF token changes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ristourne.test.context=vendor-console", "ristourne.operator.password=" + OperatorClient.PASSWORD})
@ExtendWith(OutputCaptureExtension.class)
abstract class VendorConsoleIntegrationTest {

    private static final Pattern NEW_SECRET = Pattern.compile("<code id=\"new-secret\"[^>]*>([^<]*)</code>");
    private static final Pattern ROTATION = Pattern.compile("name=\"rotation\" value=\"([^\"]+)\"");
    private static final String NEW_PASSWORD = "a brand new passphrase";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    VendorUserAccounts accounts;

    private OperatorClient operator;
    private String run;

    @BeforeEach
    void clients() {
        operator = new OperatorClient(baseUrl());
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    record Vendor(String vendorId, String secret, String email, String password, PageClient pages) {
    }

    @Test
    void vendorUserReadsHealthAndAgreementThenRotatesTheSecretShownOnce(CapturedOutput output) {
        Vendor boots = signedInVendor("boots", 2000, 2500, 14);
        Vendor books = signedInVendor("books", 1000, 2000, 0);
        operator.call("PUT", "/operator/vendors/" + boots.vendorId() + "/agreement", """
                {"shareBps":2500,"brokerFeeBps":2000,"holdDays":30,"defaultMarginBps":3000,"currencies":["EUR"]}""",
                200);

        // Health first: nothing received yet, the secret's age, no rotation, nothing refused.
        HttpResponse<String> console = boots.pages().get("/vendor");
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body()).contains("Console of Vendor " + boots.vendorId(),
                "No report received and recorded yet.", "data-count=\"0\"", "id=\"health-secret\"",
                "data-state=\"none\"", "data-known=\"true\" data-refused=\"0\" data-signed=\"0\"",
                "/webhooks/vendors/" + boots.vendorId() + "</code>");
        assertThat(console.body().indexOf("id=\"health\"")).isLessThan(console.body().indexOf("id=\"agreement\""));

        // The agreement in words, version 2 in force and version 1 replaced.
        assertThat(console.body()).contains("Version 2, in force since",
                "You share 25% of each sale&#39;s margin. Ristourne keeps 20% of that share as its fee: 20% of the"
                        + " margin goes back to the customer and 5% to Ristourne.",
                "A sale is confirmed 30 days after its completion", "counts 30% of its amount as margin",
                "Currencies accepted: EUR.");
        assertThat(console.body()).containsPattern("data-version=\"2\" data-share-bps=\"2500\"[^>]*"
                + "data-hold-days=\"30\" data-state=\"in-force\"");
        assertThat(console.body()).containsPattern("data-version=\"1\" data-share-bps=\"2000\"[^>]*"
                + "data-broker-fee-bps=\"2500\" data-hold-days=\"14\" data-state=\"past\"");
        assertThat(console.body()).doesNotContain(boots.secret()).doesNotContain(books.vendorId());
        assertThat(boots.pages().get("/vendor?lang=fr").body()).contains("Console de Vendor " + boots.vendorId(),
                "État de l&#39;intégration", "Version 2, en vigueur depuis", "Devises acceptées : EUR.")
                .containsPattern("Vous partagez 25\\h% de la marge");
        boots.pages().get("/vendor?lang=en");

        // A report signed with the first secret shows as the last one received.
        String customerRef = operator.subscribedCustomerOf(boots.vendorId()).customerRef();
        SigningVendor signing = new SigningVendor(baseUrl(), boots.vendorId(), boots.secret());
        assertThat(signing.send(sale("ord_1", customerRef)).statusCode()).isEqualTo(202);
        HttpResponse<String> after = boots.pages().get("/vendor");
        assertThat(after.body()).contains("data-count=\"1\"", "Last report received and recorded:", "just now");

        // A signed report that breaks a rule is counted among the refusals, with its problem type; an unsigned one
        // is not counted at all.
        assertThat(signing.send(sale("ord_unknown", "cref_nobody_" + run)).statusCode()).isEqualTo(422);
        assertThat(new SigningVendor(baseUrl(), boots.vendorId(), "whsec_" + "A".repeat(32))
                .send(sale("ord_forged", customerRef)).statusCode()).isEqualTo(401);
        after = boots.pages().get("/vendor");
        assertThat(after.body()).contains("data-known=\"true\" data-refused=\"1\" data-signed=\"2\"",
                "1 of 2 signed reports refused", "data-problem-type=\"unknown-customer-ref\"");

        // Rotate: the new secret once, in an answer no cache keeps, and not in any log line.
        Matcher token = ROTATION.matcher(after.body());
        assertThat(token.find()).isTrue();
        HttpResponse<String> rotated = boots.pages().post("/vendor/secret",
                Map.of("_csrf", boots.pages().csrfToken(), "rotation", token.group(1)));
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        assertThat(rotated.headers().allValues("Cache-Control")).anyMatch(value -> value.contains("no-store"));
        Matcher shown = NEW_SECRET.matcher(rotated.body());
        assertThat(shown.find()).as(rotated.body()).isTrue();
        String newSecret = shown.group(1);
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(boots.secret());
        assertThat(rotated.body()).contains("This is the only time this secret is shown",
                "Your previous secret keeps working until", "(in 24 hours)", "id=\"copy-secret\"", "/js/copy.js")
                .doesNotContain(boots.secret());
        assertThat(output.getAll()).contains("rotated the webhook secret").doesNotContain(newSecret);

        // Both are stored encrypted under the current key, neither in plain text.
        assertThat(jdbc.queryForList("select secret from vendor_webhook_secret where vendor_id = ?", String.class,
                boots.vendorId())).hasSize(2).allSatisfy(stored -> assertThat(stored).startsWith("v1:test:")
                .doesNotContain(newSecret).doesNotContain(boots.secret()));

        // The new secret signs; the old one still does during the overlap.
        signing.useSecret(newSecret);
        assertThat(signing.send(sale("ord_2", customerRef)).statusCode()).isEqualTo(202);
        signing.useSecret(boots.secret());
        assertThat(signing.send(sale("ord_3", customerRef)).statusCode()).isEqualTo(202);

        // Afterwards no page shows a secret; the rotation shows as in progress.
        HttpResponse<String> reloaded = boots.pages().get("/vendor");
        assertThat(reloaded.body()).doesNotContain(newSecret).doesNotContain(boots.secret())
                .contains("data-state=\"in-progress\"", "Rotation in progress", "data-count=\"3\"");

        // The same form sent again (a reload, a Back) rotates nothing and shows no secret.
        HttpResponse<String> resent = boots.pages().post("/vendor/secret",
                Map.of("_csrf", boots.pages().csrfToken(), "rotation", token.group(1)));
        assertThat(resent.statusCode()).isEqualTo(303);
        assertThat(PageClient.location(resent)).endsWith("/vendor?rotation-expired");
        assertThat(resent.body()).doesNotContain("whsec_");
        assertThat(boots.pages().get("/vendor?rotation-expired").body()).contains("id=\"rotation-expired\"")
                .doesNotContain("whsec_");
        assertThat(secretRows(boots.vendorId())).isEqualTo(2);

        // Without its CSRF token the rotation is refused and nothing is issued.
        Matcher fresh = ROTATION.matcher(boots.pages().get("/vendor").body());
        assertThat(fresh.find()).isTrue();
        assertThat(boots.pages().post("/vendor/secret", Map.of("rotation", fresh.group(1))).statusCode())
                .isEqualTo(403);
        assertThat(secretRows(boots.vendorId())).isEqualTo(2);

        // The other vendor's user sees only their own vendor.
        HttpResponse<String> other = books.pages().get("/vendor");
        assertThat(other.body()).contains("Console of Vendor " + books.vendorId(), "data-count=\"0\"",
                "data-state=\"none\"", "You share 10% of each sale").doesNotContain(boots.vendorId())
                .doesNotContain(customerRef).doesNotContain(newSecret);
        assertThat(secretRows(books.vendorId())).isEqualTo(1);
    }

    @Test
    void vendorUserChangesTheirPasswordAndTheOldOneNoLongerSignsIn() {
        Vendor vendor = signedInVendor("shoes", 2000, 2500, 0);
        PageClient pages = vendor.pages();
        assertThat(pages.get("/vendor/password").body()).contains("Change your password",
                "autocomplete=\"current-password\"", "autocomplete=\"new-password\"");

        HttpResponse<String> wrong = pages.submit("/vendor/password", "/vendor/password",
                Map.of("currentPassword", "not the password", "newPassword", NEW_PASSWORD));
        assertThat(wrong.statusCode()).isEqualTo(422);
        assertThat(wrong.body()).contains("The current password is not right.");
        HttpResponse<String> tooShort = pages.submit("/vendor/password", "/vendor/password",
                Map.of("currentPassword", vendor.password(), "newPassword", "short"));
        assertThat(tooShort.statusCode()).isEqualTo(422);
        assertThat(tooShort.body()).contains("The new password must have 10 characters or more.");
        HttpResponse<String> tooLong = pages.submit("/vendor/password?lang=fr", "/vendor/password",
                Map.of("currentPassword", vendor.password(), "newPassword", "é".repeat(40)));
        assertThat(tooLong.statusCode()).isEqualTo(422);
        assertThat(tooLong.body()).contains("Le nouveau mot de passe doit faire 72 octets au plus");
        pages.get("/vendor/password?lang=en");
        assertThat(pages.post("/vendor/password", Map.of("currentPassword", vendor.password(),
                "newPassword", NEW_PASSWORD)).statusCode()).as("without CSRF").isEqualTo(403);

        HttpResponse<String> changed = pages.submit("/vendor/password", "/vendor/password",
                Map.of("currentPassword", vendor.password(), "newPassword", NEW_PASSWORD));
        assertThat(changed.statusCode()).isEqualTo(303);
        assertThat(PageClient.location(changed)).endsWith("/vendor/password?changed");
        assertThat(pages.get("/vendor/password?changed").body()).contains("Your password is changed");

        HttpResponse<String> old = new PageClient(port).signIn(vendor.email(), vendor.password());
        assertThat(old.statusCode()).isEqualTo(302);
        assertThat(PageClient.location(old)).endsWith("/sign-in?error");
        HttpResponse<String> fresh = new PageClient(port).signIn(vendor.email(), NEW_PASSWORD);
        assertThat(fresh.statusCode()).isEqualTo(302);
        assertThat(PageClient.location(fresh)).endsWith("/vendor");
    }

    @Test
    void customersAndVisitorsCannotOpenTheConsole() {
        signedInVendor("hats", 2000, 2500, 0);
        PageClient visitor = new PageClient(port);
        for (String path : new String[] {"/vendor", "/vendor/password"}) {
            HttpResponse<String> anonymous = visitor.get(path);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(302);
            assertThat(PageClient.location(anonymous)).endsWith("/sign-in");
        }
        PageClient customer = new PageClient(port);
        assertThat(customer.signUp("Carla", "carla." + run + "@example.org", "correct horse battery").statusCode())
                .isEqualTo(302);
        assertThat(customer.get("/vendor").statusCode()).isEqualTo(403);
        assertThat(customer.get("/vendor/password").statusCode()).isEqualTo(403);
        customer.get("/account");
        assertThat(customer.post("/vendor/secret", Map.of("_csrf", customer.csrfToken(), "rotation", "x"))
                .statusCode()).isEqualTo(403);
    }

    private Vendor signedInVendor(String name, int shareBps, int brokerFeeBps, int holdDays) {
        String vendorId = name + "-" + run;
        String secret = operator.onboardVendor(vendorId, shareBps, brokerFeeBps, holdDays);
        VendorUserAccounts.Created user = accounts.create(new VendorId(vendorId), name + "." + run + "@example.com",
                "Dev of " + name);
        PageClient pages = new PageClient(port);
        HttpResponse<String> signedIn = pages.signIn(user.email(), user.initialPassword());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(PageClient.location(signedIn)).endsWith("/vendor");
        return new Vendor(vendorId, secret, user.email(), user.initialPassword(), pages);
    }

    private static String sale(String saleId, String customerRef) {
        return SigningVendor.saleCompleted(saleId, customerRef, "EUR", 12_999, 4_200L, Instant.now());
    }

    private int secretRows(String vendorId) {
        return jdbc.queryForObject("select count(*) from vendor_webhook_secret where vendor_id = ?", Integer.class,
                vendorId);
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + port;
    }
}
