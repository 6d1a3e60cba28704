package org.ristourne.broker.subscribe.stripewebhook;

import org.ristourne.support.OnMariaDb;

@OnMariaDb
class MariaDbStripeWebhookFuzzIntegrationTest extends StripeWebhookFuzzIntegrationTest {

    @Override
    int defaultCases() {
        return 1_000;
    }
}
