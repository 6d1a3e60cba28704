package org.ristourne.broker.subscribe.stripewebhook;

import org.ristourne.support.OnH2;

@OnH2
class H2StripeWebhookFuzzIntegrationTest extends StripeWebhookFuzzIntegrationTest {

    @Override
    int defaultCases() {
        return 2_000;
    }
}
