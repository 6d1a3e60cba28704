package org.ristourne.broker.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ristourne.support.OnH2;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.SigningVendor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The operator API over HTTP: its credentials, its refusals, and the catalogue a customer consults. */
@OnH2
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "ristourne.operator.password=" + OperatorClient.PASSWORD)
class OperatorApiIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    OperatorClient operator;
    String vendorId;
    String webhookSecret;

    @BeforeEach
    void onboard() {
        operator = new OperatorClient("http://127.0.0.1:" + port);
        vendorId = "op-" + UUID.randomUUID().toString().substring(0, 8);
        webhookSecret = operator.onboardVendor(vendorId, 2000, 2500, 14);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"})
    void anonymousCallersSeeTheHealthStatusOnly(String path) {
        var answer = operator.raw("GET", path, null, null);

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode health = JsonMapper.builder().build().readTree(answer.body());
        assertThat(health.has("status")).as(answer.body()).isTrue();
        assertThat(health.has("components")).as("components shown to an anonymous caller: " + answer.body()).isFalse();
        assertThat(health.has("details")).as("details shown to an anonymous caller: " + answer.body()).isFalse();
    }

    @Test
    void theOperatorSeesTheHealthOfEachComponentWithItsDetails() {
        JsonNode health = operator.call("GET", "/actuator/health", null, 200);

        assertThat(health.path("components").path("db").path("details").path("database").asString())
                .as(health.toString()).isNotBlank();
        assertThat(health.path("components").has("diskSpace")).as(health.toString()).isTrue();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"GET, /anything", "GET, /static-whatever", "GET, /index.html", "POST, /anything",
            "GET, /webhooks/vendors/some-vendor", "POST, /webhooks/other", "GET, /operator", "GET, /webhooks/stripe",
            "PUT, /webhooks/stripe", "POST, /webhooks/stripe/other", "POST, /webhooks/stripe-other"})
    void everyPathNotDeclaredPublicNeedsCredentials(String method, String path) {
        var anonymous = operator.raw(method, path, method.equals("POST") ? "{}" : null, null);

        assertThat(anonymous.statusCode()).as(method + " " + path + " answered " + anonymous.statusCode()
                + " to an anonymous caller: " + anonymous.body()).isEqualTo(401);
        if (path.startsWith("/operator")) {
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    challenge -> assertThat(challenge).startsWith("Basic"));
        } else {
            assertThat(anonymous.body()).as("a problem, not a page").contains("/problems/unauthorized");
            assertThat(anonymous.headers().firstValue("Set-Cookie")).as("no session for a refused client").isEmpty();
        }
    }

    @Test
    void vendorWebhooksNeedNoCredentialsOnlyTheirSignature() {
        OperatorClient.Customer customer = operator.subscribedCustomerOf(vendorId);
        SigningVendor vendor = new SigningVendor("http://127.0.0.1:" + port, vendorId, webhookSecret);
        String sale = SigningVendor.saleCompleted("ord_public", customer.customerRef(), "EUR", 10_000, 3_000L,
                Instant.now());

        assertThat(vendor.send(sale).statusCode()).isEqualTo(202);
        var forged = new SigningVendor("http://127.0.0.1:" + port, vendorId, "whsec_"
                + java.util.Base64.getEncoder().encodeToString(new byte[32])).send(sale);
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).as("refused by the signature check, not by a login").contains("/problems/");
    }

    @Test
    void theOperatorErasesACustomerOnRequestOnceAndAnUnknownOneIsNotFound() {
        OperatorClient.Customer customer = operator.subscribedCustomerOf(vendorId);
        SigningVendor vendor = new SigningVendor("http://127.0.0.1:" + port, vendorId, webhookSecret);
        assertThat(vendor.send(SigningVendor.saleCompleted("ord_erased", customer.customerRef(), "EUR", 10_000,
                3_000L, Instant.now())).statusCode()).isEqualTo(202);
        String path = "/operator/customers/" + customer.customerId() + "/erasure";

        assertThat(operator.raw("POST", path, null, OperatorClient.PASSWORD).statusCode()).isEqualTo(204);
        assertThat(operator.raw("POST", path, null, OperatorClient.PASSWORD).statusCode()).as("again: nothing new")
                .isEqualTo(204);

        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?"
                + " and payload_type like '%.CustomerDataErased'", Integer.class, customer.customerId())).isOne();
        assertThat(jdbc.queryForList("select key_ciphertext from customer_data_key where customer_id = ?"
                + " and erased_at_us is not null", String.class, customer.customerId())).containsExactly((String) null);
        var later = vendor.send(SigningVendor.saleCompleted("ord_after", customer.customerRef(), "EUR", 10_000, 3_000L,
                Instant.now()));
        assertThat(later.statusCode()).isEqualTo(422);
        assertThat(later.body()).contains("closed-customer-ref");
        assertThat(operator.raw("POST", "/operator/customers/cus-nobody-" + vendorId + "/erasure", null,
                OperatorClient.PASSWORD).statusCode()).isEqualTo(404);
    }

    /**
     * A customer whose Stripe subscription still renews is not erased (Stripe would go on charging an account nobody
     * can sign in to); once Stripe says it is cancelled, or ends with its period, the erasure goes through. The row
     * is what Stripe's webhook writes for customer.subscription.updated.
     */
    @Test
    void aCustomerWhoseSubscriptionStillRenewsIsNotErasedUntilItIsCancelled() {
        OperatorClient.Customer customer = operator.subscribedCustomerOf(vendorId);
        String subscription = "sub_erase_" + vendorId;
        jdbc.update("""
                insert into billing_subscription (stripe_subscription_id, customer_id, stripe_customer_id, status,
                    cancel_at_period_end, event_created_at_us, event_id)
                values (?, ?, ?, 'active', false, 1, ?)""", subscription, customer.customerId(), "cus_" + vendorId,
                "evt_" + vendorId);
        String path = "/operator/customers/" + customer.customerId() + "/erasure";

        var refused = operator.raw("POST", path, null, OperatorClient.PASSWORD);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("subscription-still-billed");
        assertThat(jdbc.queryForObject("select count(*) from customer_data_key where customer_id = ?"
                + " and erased_at_us is not null", Integer.class, customer.customerId())).isZero();
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?"
                + " and payload_type like '%.CustomerDataErased'", Integer.class, customer.customerId())).isZero();

        jdbc.update("update billing_subscription set cancel_at_period_end = true where stripe_subscription_id = ?",
                subscription);
        assertThat(operator.raw("POST", path, null, OperatorClient.PASSWORD).statusCode()).isEqualTo(204);
    }

    /** This context has no Stripe webhook signing secret: Stripe is told to retry later, and nothing is stored. */
    @Test
    void theVendorsBillingEmailIsSetInTheDirectoryAndABadOneIsRefused() {
        operator.call("PUT", "/operator/vendors/" + vendorId + "/billing-email",
                "{\"email\":\" billing@" + vendorId + ".example \"}", 204);
        assertThat(jdbc.queryForObject("select billing_email from directory_vendor where vendor_id = ?", String.class,
                vendorId)).isEqualTo("billing@" + vendorId + ".example");

        var refused = operator.raw("PUT", "/operator/vendors/" + vendorId + "/billing-email",
                "{\"email\":\"billing@example.com, boss@example.com\"}", OperatorClient.PASSWORD);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).contains("invalid-billing-email");
        assertThat(operator.raw("PUT", "/operator/vendors/" + vendorId + "/billing-email", "{}",
                OperatorClient.PASSWORD).statusCode()).isEqualTo(400);
        assertThat(operator.raw("PUT", "/operator/vendors/no-such-vendor/billing-email",
                "{\"email\":\"b@example.com\"}", OperatorClient.PASSWORD).statusCode()).isEqualTo(404);
        assertThat(jdbc.queryForObject("select billing_email from directory_vendor where vendor_id = ?", String.class,
                vendorId)).as("unchanged by the refusals").isEqualTo("billing@" + vendorId + ".example");
    }

    @Test
    void theStripeWebhookNeedsNoCredentialsAndAnswers503WhileStripeIsNotConfigured() {
        var answer = operator.raw("POST", "/webhooks/stripe", "{\"id\":\"evt_1\",\"object\":\"event\"}", null);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
        assertThat(answer.body()).contains("/problems/stripe-not-configured");
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
        assertThat(jdbc.queryForObject("select count(*) from stripe_event", Integer.class)).isZero();
    }

    @Test
    void operatorApiNeedsTheOperatorsCredentialsButHealthDoesNot() {
        assertThat(operator.raw("GET", "/operator/vendors/" + vendorId, null, "wrong").statusCode()).isEqualTo(401);
        assertThat(operator.raw("GET", "/operator/vendors/" + vendorId, null, null).statusCode()).isEqualTo(401);
        assertThat(operator.raw("GET", "/operator/vendors/" + vendorId, null, OperatorClient.PASSWORD).statusCode())
                .isEqualTo(200);
        assertThat(operator.raw("GET", "/actuator/metrics", null, "wrong").statusCode()).isEqualTo(401);
        assertThat(operator.raw("GET", "/actuator/health", null, null).statusCode()).isEqualTo(200);
        for (String endpoint : new String[] {"/actuator/ledgerreplay", "/actuator/parkedbookings"}) {
            assertThat(operator.raw("GET", endpoint, null, null).statusCode()).as(endpoint).isEqualTo(401);
            var answer = operator.raw("GET", endpoint, null, OperatorClient.PASSWORD);
            assertThat(answer.statusCode()).as(endpoint).isEqualTo(200);
            assertThat(answer.body()).as(endpoint).contains("\"ledger-");
        }
        assertThat(operator.raw("POST", "/actuator/parkedbookings", "{\"action\":\"forget\"}", OperatorClient.PASSWORD)
                .statusCode()).isEqualTo(400);
        var openApi = operator.raw("GET", "/openapi.yaml", null, null);
        assertThat(openApi.statusCode()).isEqualTo(200);
        assertThat(openApi.body()).startsWith("openapi: 3.1");
    }

    @Test
    void onboardingTheSameVendorTwiceConflicts() {
        assertThat(operator.raw("POST", "/operator/vendors", """
                {"vendorId":"%s","displayName":"Again","agreement":{"shareBps":2000,"brokerFeeBps":2500,\
                "holdDays":14,"currencies":["EUR"]}}""".formatted(vendorId), OperatorClient.PASSWORD).body())
                .contains("/problems/vendor-exists");
    }

    @Test
    void invalidAgreementsAreRefusedWith400AndNothingIsOnboarded() {
        var response = operator.raw("POST", "/operator/vendors", """
                {"vendorId":"bad-hold","displayName":"Bad","agreement":{"shareBps":2000,"brokerFeeBps":2500,\
                "holdDays":91,"currencies":["EUR"]}}""", OperatorClient.PASSWORD);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("holdDays");
        assertThat(jdbc.queryForObject("select count(*) from directory_vendor where vendor_id = 'bad-hold'",
                Integer.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from vendor_webhook_secret where vendor_id = 'bad-hold'",
                Integer.class)).isZero();
    }

    @Test
    void changingTheAgreementOfAnUnknownVendorIs404() {
        var response = operator.raw("PUT", "/operator/vendors/no-such-vendor/agreement", """
                {"shareBps":2000,"brokerFeeBps":2500,"holdDays":14,"currencies":["EUR"]}""", OperatorClient.PASSWORD);
        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void customersSeeOffersOnlyWhenTheyConsultThemAndTheConsultationIsRecorded() {
        operator.call("POST", "/operator/vendors/" + vendorId + "/offers", """
                {"offerId":"winter-boots","title":"Winter boots","description":"Warm","price":{"amount":8999,\
                "currency":"EUR"}}""", 201);
        operator.call("POST", "/operator/vendors/" + vendorId + "/offers",
                "{\"offerId\":\"gloves\",\"title\":\"Gloves\"}", 201);
        operator.call("DELETE", "/operator/vendors/" + vendorId + "/offers/gloves", null, 204);
        OperatorClient.Customer customer = operator.subscribedCustomerOf(vendorId);
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?"
                + " and payload_type like '%.OffersConsulted'", Integer.class, customer.relationshipId())).isZero();

        JsonNode offers = operator.call("GET", "/operator/relationships/" + customer.relationshipId() + "/offers",
                null, 200);

        assertThat(offers).hasSize(1);
        assertThat(offers.get(0).get("offerId").asString()).isEqualTo("winter-boots");
        assertThat(offers.get(0).get("price").get("minorUnits").asLong()).isEqualTo(8999);
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?"
                + " and payload_type like '%.OffersConsulted'", Integer.class, customer.relationshipId())).isOne();
    }

    @Test
    void aSecondOpenRelationshipWithTheSameVendorConflicts() {
        OperatorClient.Customer customer = operator.subscribedCustomerOf(vendorId);
        var again = operator.raw("POST", "/operator/customers/" + customer.customerId() + "/relationships",
                "{\"vendorId\":\"" + vendorId + "\"}", OperatorClient.PASSWORD);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("/problems/relationship-already-open");
    }
}
