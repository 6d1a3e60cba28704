package org.ristourne.broker.subscribe.stripewebhook;

import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.ristourne.billing.standin.StripeStandIn;
import org.ristourne.support.OperatorClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The running broker on a random port with a Stripe webhook signing secret: one application context for every test
 * class of Stripe's webhook.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ristourne.operator.password=" + OperatorClient.PASSWORD,
        "ristourne.stripe.webhook-signing-secret=" + StripeStandIn.WEBHOOK_SECRET})
abstract class StripeWebhookContext {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventProcessingConfiguration processing;
}
