package org.ristourne.broker.subscribe.stripewebhook;

import org.ristourne.support.OnMariaDb;

@OnMariaDb
class MariaDbStripeWebhookIntegrationTest extends StripeWebhookIntegrationTest {
}
