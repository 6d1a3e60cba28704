package org.ristourne.broker.payback;

import org.ristourne.support.OnH2;

@OnH2
class H2StripePaybackIntegrationTest extends StripePaybackIntegrationTest {
}
