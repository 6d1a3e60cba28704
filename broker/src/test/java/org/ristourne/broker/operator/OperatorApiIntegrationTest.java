package org.ristourne.broker.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ristourne.support.OnH2;
import org.ristourne.support.OperatorClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

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

    @BeforeEach
    void onboard() {
        operator = new OperatorClient("http://127.0.0.1:" + port);
        vendorId = "op-" + UUID.randomUUID().toString().substring(0, 8);
        operator.onboardVendor(vendorId, 2000, 2500, 14);
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
