package org.ristourne.broker.subscribe.checkout;

import org.ristourne.support.OnH2;

@OnH2
class H2SubscriptionCheckoutIntegrationTest extends SubscriptionCheckoutIntegrationTest {
}
