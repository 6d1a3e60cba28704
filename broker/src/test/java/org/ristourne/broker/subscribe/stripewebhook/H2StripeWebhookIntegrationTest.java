package org.ristourne.broker.subscribe.stripewebhook;

import org.ristourne.support.OnH2;

@OnH2
class H2StripeWebhookIntegrationTest extends StripeWebhookIntegrationTest {
}
