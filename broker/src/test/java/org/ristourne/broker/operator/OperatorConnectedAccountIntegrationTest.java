package org.ristourne.broker.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ristourne.support.OnH2;
import org.ristourne.support.OperatorClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** The operator sets or removes a customer's Stripe connected account, the destination of cash payouts. */
@OnH2
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "ristourne.operator.password=" + OperatorClient.PASSWORD)
class OperatorConnectedAccountIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    OperatorClient operator;
    String customerId;

    @BeforeEach
    void knownToStripe() {
        operator = new OperatorClient("http://127.0.0.1:" + port);
        customerId = "cus-connect-" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.update("insert into billing_customer (customer_id, stripe_customer_id, currency) values (?, ?, 'EUR')",
                customerId, "cus_Stripe_" + customerId);
    }

    @Test
    void theOperatorSetsAndRemovesTheConnectedAccount() {
        JsonNode set = operator.call("PUT", path(customerId), "{\"connectedAccountId\":\"acct_1Anna\"}", 200);

        assertThat(set.path("customerId").asString()).isEqualTo(customerId);
        assertThat(set.path("connectedAccountId").asString()).isEqualTo("acct_1Anna");
        assertThat(stored()).isEqualTo("acct_1Anna");

        operator.call("PUT", path(customerId), "{\"connectedAccountId\":\"acct_2Anna\"}", 200);
        assertThat(stored()).isEqualTo("acct_2Anna");

        assertThat(operator.raw("DELETE", path(customerId), null, OperatorClient.PASSWORD).statusCode())
                .isEqualTo(204);
        assertThat(stored()).isNull();
    }

    @ParameterizedTest(name = "''{0}'' is refused with 400")
    @ValueSource(strings = {"{\"connectedAccountId\":\"cus_Anna\"}", "{\"connectedAccountId\":\"acct_\"}",
            "{\"connectedAccountId\":\"acct_1 Anna\"}", "{}", "not json"})
    void whatIsNotAConnectedAccountIdIsRefusedAndChangesNothing(String body) {
        var answer = operator.raw("PUT", path(customerId), body, OperatorClient.PASSWORD);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("malformed-request");
        assertThat(stored()).isNull();
    }

    @Test
    void aCustomerStripeDoesNotKnowIsNotFound() {
        var answer = operator.raw("PUT", path("cus-nobody-" + customerId), "{\"connectedAccountId\":\"acct_1Anna\"}",
                OperatorClient.PASSWORD);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(404);
        assertThat(answer.body()).contains("not known to Stripe");
    }

    @Test
    void theEndpointNeedsTheOperatorsCredentials() {
        var anonymous = operator.raw("PUT", path(customerId), "{\"connectedAccountId\":\"acct_1Anna\"}", null);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(stored()).isNull();
    }

    private String stored() {
        return jdbc.queryForObject("select connected_account_id from billing_customer where customer_id = ?",
                String.class, customerId);
    }

    private static String path(String customerId) {
        return "/operator/customers/" + customerId + "/connected-account";
    }
}
