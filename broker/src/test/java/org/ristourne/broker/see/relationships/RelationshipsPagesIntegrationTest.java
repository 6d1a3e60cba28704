package org.ristourne.broker.see.relationships;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ristourne.broker.api.CustomerRef;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.PageClient;
import org.ristourne.support.SigningVendor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The customer's vendor pages over HTTP, as a browser without JavaScript uses them: sign up through the real form,
 * browse the vendors, open a relationship, read its code and the vendor's offers (the consultation recorded), have
 * the vendor report a sale with that code, end it. Another customer reaches none of it by any URL, and a form
 * without its CSRF token changes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ristourne.test.context=relationships-pages", "ristourne.operator.password=" + OperatorClient.PASSWORD})
abstract class RelationshipsPagesIntegrationTest {

    private static final String PASSWORD = "correct horse battery";
    private static final Pattern CUSTOMER_REF = Pattern.compile("<code id=\"customer-ref\"[^>]*>([^<]*)</code>");
    private static final Pattern RELATIONSHIP_PATH = Pattern.compile(".*/relationships/(rel-[0-9a-f-]+)$");
    private static final Pattern CSRF_VALUE = Pattern.compile("name=\"_csrf\"\\s+value=\"[^\"]+\"");

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private OperatorClient operator;
    private String run;

    @BeforeEach
    void clients() {
        operator = new OperatorClient("http://127.0.0.1:" + port);
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void customerOpensUsesAndEndsARelationshipThatNoOtherCustomerCanReach() {
        String boots = "rel-boots-" + run;
        String books = "rel-books-" + run;
        String bootsSecret = operator.onboardVendor(boots, 2000, 2500, 0);
        operator.onboardVendor(books, 1000, 2000, 0);
        operator.call("POST", "/operator/vendors/" + boots + "/offers", """
                {"offerId":"winter-boots","title":"Winter boots %s","description":"Lined, waterproof.",\
                "price":{"amount":1250,"currency":"EUR"}}""".formatted(run), 201);
        PageClient anna = subscribedCustomer("Anna");
        PageClient bob = subscribedCustomer("Bob");

        // The vendors, with what each shares; no offer on this page: offers are pulled one vendor at a time.
        HttpResponse<String> list = anna.get("/relationships");
        assertThat(list.statusCode()).isEqualTo(200);
        String bootsCard = card(list.body(), boots);
        assertThat(bootsCard).contains("Vendor " + boots, "data-share-bps=\"2000\"", "Shares 20% of its margin",
                "15% comes back to you, 5% goes to Ristourne.", "No relationship yet", "open-relationship",
                "name=\"vendorId\" value=\"" + boots + "\"").doesNotContain("relationship-link");
        assertThat(card(list.body(), books)).contains("Shares 10% of its margin", "8% comes back to you");
        assertThat(list.body()).doesNotContain("Winter boots").doesNotContain("id=\"not-subscribed\"");

        // Open: 303 to the relationship's page; a second submission of the same form opens nothing more.
        HttpResponse<String> opened = anna.submit("/relationships", "/relationships", Map.of("vendorId", boots));
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(303);
        String location = opened.headers().firstValue("Location").orElseThrow();
        Matcher path = RELATIONSHIP_PATH.matcher(location);
        assertThat(path.matches()).as(location).isTrue();
        String relationshipId = path.group(1);
        HttpResponse<String> again = anna.post("/relationships", Map.of("vendorId", boots, "_csrf", anna.csrfToken()));
        assertThat(again.statusCode()).isEqualTo(303);
        assertThat(again.headers().firstValue("Location")).hasValue(location);
        String annaId = customerId("Anna");
        assertThat(jdbc.queryForObject("select count(*) from directory_relationship where customer_id = ?"
                + " and vendor_id = ?", Integer.class, annaId, boots)).isEqualTo(1);

        // Its page: the code, large and copyable, the one sentence, the offers with their price; consulting recorded.
        assertThat(consultations(relationshipId)).isZero();
        HttpResponse<String> page = anna.get("/relationships/" + relationshipId);
        assertThat(page.statusCode()).isEqualTo(200);
        Matcher code = CUSTOMER_REF.matcher(page.body());
        assertThat(code.find()).as(page.body()).isTrue();
        String customerRef = code.group(1);
        assertThat(CustomerRef.isWellFormed(customerRef)).as(customerRef).isTrue();
        assertThat(customerRef).isEqualTo(jdbc.queryForObject(
                "select customer_ref from directory_relationship where relationship_id = ?", String.class,
                relationshipId));
        assertThat(page.body()).contains("Give this code at checkout; it tells the vendor nothing about you.",
                "data-state=\"open\"", "id=\"copy-customer-ref\"", "/js/copy.js", "Winter boots " + run, "€12.50",
                "action=\"/relationships/" + relationshipId + "/end\"", "id=\"end-relationship\"");
        assertThat(page.body()).containsPattern("<button type=\"button\" id=\"copy-customer-ref\"[^>]*\\shidden");
        assertThat(consultations(relationshipId)).as("OffersConsulted events").isEqualTo(1);

        HttpResponse<String> listed = anna.get("/relationships");
        assertThat(card(listed.body(), boots)).contains("Relationship open", "relationship-link",
                "href=\"/relationships/" + relationshipId + "\"").doesNotContain("open-relationship");

        // The vendor reports a sale with the code the customer gave at checkout.
        SigningVendor vendor = new SigningVendor("http://127.0.0.1:" + port, boots, bootsSecret);
        HttpResponse<String> report = vendor.send(SigningVendor.saleCompleted("ord_1", customerRef, "EUR", 12999,
                4200L, Instant.now()));
        assertThat(report.statusCode()).as(report.body()).isEqualTo(202);

        // In French, from the page's own link.
        HttpResponse<String> french = anna.get("/relationships/" + relationshipId + "?lang=fr");
        assertThat(french.body()).contains("lang=\"fr\"",
                "Donnez ce code au moment de payer ; il ne dit rien de vous au vendeur.", "Copier le code",
                "Mettre fin à la relation").containsPattern("12,50\\h€");
        assertThat(consultations(relationshipId)).isEqualTo(2);
        assertThat(anna.get("/relationships").body()).contains("Vendeurs", "Relation ouverte", "Ouvrir une relation")
                .containsPattern("Partage 20\\h% de sa marge");
        anna.get("/relationships?lang=en");

        // Bob reaches none of it: Anna's page and her end form answer as an unknown id does, and nothing changes.
        long annasEvents = events(relationshipId);
        HttpResponse<String> foreign = bob.get("/relationships/" + relationshipId);
        HttpResponse<String> unknown = bob.get("/relationships/rel-" + UUID.randomUUID());
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(withoutTokens(foreign.body())).isEqualTo(withoutTokens(unknown.body()))
                .doesNotContain(customerRef).doesNotContain(boots);
        assertThat(bob.get("/relationships/not%20an%20id").statusCode()).isEqualTo(404);
        HttpResponse<String> foreignEnd = bob.submit("/relationships", "/relationships/" + relationshipId + "/end",
                Map.of());
        assertThat(foreignEnd.statusCode()).isEqualTo(404);
        assertThat(withoutTokens(foreignEnd.body())).isEqualTo(withoutTokens(unknown.body()));
        assertThat(bob.get("/relationships").body()).doesNotContain(relationshipId);
        assertThat(events(relationshipId)).as("events of Anna's relationship").isEqualTo(annasEvents);
        assertThat(isOpen(relationshipId)).isTrue();

        // A form without its CSRF token is refused, whoever sends it.
        assertThat(anna.post("/relationships/" + relationshipId + "/end", Map.of()).statusCode())
                .isEqualTo(403);
        assertThat(bob.post("/relationships", Map.of("vendorId", books)).statusCode()).isEqualTo(403);
        assertThat(isOpen(relationshipId)).isTrue();
        assertThat(jdbc.queryForObject("select count(*) from directory_relationship where customer_id = ?",
                Integer.class, customerId("Bob"))).isZero();

        // Anna ends it: back to the list with a notice; the page says it ended and shows no code; the code is closed.
        HttpResponse<String> ended = anna.submit("/relationships/" + relationshipId,
                "/relationships/" + relationshipId + "/end", Map.of());
        long consulted = consultations(relationshipId);
        assertThat(ended.statusCode()).isEqualTo(303);
        assertThat(ended.headers().firstValue("Location").orElseThrow()).endsWith("/relationships");
        assertThat(isOpen(relationshipId)).isFalse();
        HttpResponse<String> afterEnd = anna.get("/relationships");
        assertThat(afterEnd.body()).contains("Your relationship with Vendor " + boots
                + " has ended: its code no longer works.");
        assertThat(card(afterEnd.body(), boots)).contains("open-relationship").doesNotContain("relationship-link");
        assertThat(anna.get("/relationships").body()).as("the notice is shown once").doesNotContain("has ended");
        HttpResponse<String> endedPage = anna.get("/relationships/" + relationshipId);
        assertThat(endedPage.statusCode()).isEqualTo(200);
        assertThat(endedPage.body()).contains("Relationship with Vendor " + boots + " ended", "data-state=\"ended\"")
                .doesNotContain(customerRef).doesNotContain("id=\"customer-ref\"")
                .doesNotContain("Winter boots");
        assertThat(consultations(relationshipId)).as("no consultation of an ended relationship").isEqualTo(consulted);
        assertThat(anna.post("/relationships/" + relationshipId + "/end", Map.of("_csrf", anna.csrfToken()))
                .statusCode()).as("ending twice").isEqualTo(303);
        HttpResponse<String> late = vendor.send(SigningVendor.saleCompleted("ord_2", customerRef, "EUR", 5000,
                1000L, Instant.now()));
        assertThat(late.statusCode()).as(late.body()).isEqualTo(422);
    }

    @Test
    void suspendedVendorsAreNotListedButAnOpenRelationshipWithOneStaysReachable() {
        String paused = "rel-paused-" + run;
        String active = "rel-active-" + run;
        operator.onboardVendor(paused, 1500, 2500, 0);
        operator.onboardVendor(active, 1500, 2500, 0);
        PageClient clara = subscribedCustomer("Clara");
        HttpResponse<String> opened = clara.submit("/relationships", "/relationships", Map.of("vendorId", paused));
        assertThat(opened.statusCode()).isEqualTo(303);
        String relationshipPath = opened.headers().firstValue("Location").orElseThrow()
                .replaceFirst("^https?://[^/]+", "");
        assertThat(clara.get("/relationships").body()).contains("data-vendor-id=\"" + paused + "\"");

        operator.call("POST", "/operator/vendors/" + paused + "/suspension", "{\"reason\":\"unpaid invoices\"}", 204);
        String list = clara.get("/relationships").body();
        assertThat(list).doesNotContain("data-vendor-id=\"" + paused + "\"")
                .contains("data-vendor-id=\"" + active + "\"")
                .contains("data-paused-vendor-id=\"" + paused + "\"", "href=\"" + relationshipPath + "\"");
        assertThat(clara.get(relationshipPath).body()).contains("Vendor " + paused + " is paused");

        // One who never had a relationship with it does not see it at all, and cannot open one by posting its id.
        PageClient dan = subscribedCustomer("Dan");
        String dansList = dan.get("/relationships").body();
        assertThat(dansList).doesNotContain(paused).contains("data-vendor-id=\"" + active + "\"");
        HttpResponse<String> refused = dan.submit("/relationships", "/relationships", Map.of("vendorId", paused));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("This vendor is paused: it takes no new relationships for now.");
    }

    @Test
    void theSameFormSentSeveralTimesAtOnceOpensOneRelationship() throws Exception {
        String vendorId = "rel-race-" + run;
        operator.onboardVendor(vendorId, 2000, 2500, 0);
        PageClient fay = subscribedCustomer("Fay");
        fay.get("/relationships");
        Map<String, String> form = Map.of("vendorId", vendorId, "_csrf", fay.csrfToken());
        ExecutorService clicks = Executors.newFixedThreadPool(4);
        try {
            List<Future<HttpResponse<String>>> answers = clicks.invokeAll(Collections.nCopies(4,
                    () -> fay.post("/relationships", form)));
            String relationshipId = jdbc.queryForObject("select relationship_id from directory_relationship"
                    + " where customer_id = ?", String.class, customerId("Fay"));
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get();
                assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
                assertThat(PageClient.location(response)).endsWith("/relationships/" + relationshipId);
            }
        } finally {
            clicks.shutdownNow();
        }
    }

    @Test
    void refusalsAreExplainedInWordsInBothLanguages() {
        String vendorId = "rel-refuse-" + run;
        operator.onboardVendor(vendorId, 2000, 2500, 0);
        PageClient eve = new PageClient(port);
        assertThat(eve.signUp("Eve", email("Eve"), PASSWORD).statusCode()).isEqualTo(302);

        String list = eve.get("/relationships").body();
        assertThat(list).contains("id=\"not-subscribed\"", "Opening a relationship needs a subscription.");
        HttpResponse<String> refused = eve.submit("/relationships", "/relationships", Map.of("vendorId", vendorId));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("id=\"relationship-refused\"",
                "You need a subscription to open a relationship.", "data-vendor-id=\"" + vendorId + "\"");

        HttpResponse<String> refusedInFrench = eve.submit("/relationships?lang=fr", "/relationships",
                Map.of("vendorId", vendorId));
        assertThat(refusedInFrench.statusCode()).isEqualTo(422);
        assertThat(refusedInFrench.body()).contains("Il faut un abonnement pour ouvrir une relation.");
        HttpResponse<String> unknownVendor = eve.submit("/relationships", "/relationships",
                Map.of("vendorId", "No Such Vendor!"));
        assertThat(unknownVendor.statusCode()).isEqualTo(422);
        assertThat(unknownVendor.body()).contains("Ce vendeur ne participe pas à Ristourne.");
        assertThat(jdbc.queryForObject("select count(*) from directory_relationship where customer_id = ?",
                Integer.class, customerId("Eve"))).isZero();

        HttpResponse<String> anonymous = new PageClient(port).get("/relationships");
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location").orElseThrow()).endsWith("/sign-in");
    }

    private PageClient subscribedCustomer(String name) {
        PageClient browser = new PageClient(port);
        HttpResponse<String> signedUp = browser.signUp(name, email(name), PASSWORD);
        assertThat(signedUp.statusCode()).as(signedUp.body()).isEqualTo(302);
        assertThat(PageClient.location(signedUp)).endsWith("/account");
        Instant now = Instant.now();
        operator.call("POST", "/operator/customers/" + customerId(name) + "/subscription-periods",
                "{\"activeFrom\":\"%s\",\"activeUntil\":\"%s\",\"amountPaid\":{\"amount\":499,\"currency\":\"EUR\"}}"
                        .formatted(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30))), 204);
        return browser;
    }

    private String email(String name) {
        return name.toLowerCase() + "-" + run + "@example.org";
    }

    private String customerId(String name) {
        return jdbc.queryForObject("select customer_id from customer_account where email = ?", String.class,
                email(name));
    }

    private long consultations(String relationshipId) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?"
                + " and payload_type like '%OffersConsulted'", Long.class, relationshipId);
    }

    private long events(String relationshipId) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Long.class, relationshipId);
    }

    private boolean isOpen(String relationshipId) {
        return jdbc.queryForObject("select count(*) from directory_relationship where relationship_id = ?"
                + " and open_pair is not null and ended_at_us is null", Integer.class, relationshipId) == 1;
    }

    /** The card of one vendor on the list page, from its opening tag to its end. */
    private static String card(String html, String vendorId) {
        int start = html.indexOf("data-vendor-id=\"" + vendorId + "\"");
        assertThat(start).as("card of " + vendorId).isNotNegative();
        int end = html.indexOf("</li>", start);
        return html.substring(html.lastIndexOf("<li", start), end);
    }

    /** Pages carry a CSRF token masked anew on every request: equal pages differ only there. */
    private static String withoutTokens(String html) {
        return CSRF_VALUE.matcher(html).replaceAll("name=\"_csrf\"");
    }
}
