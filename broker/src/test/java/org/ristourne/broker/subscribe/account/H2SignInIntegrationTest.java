package org.ristourne.broker.subscribe.account;

import org.ristourne.support.OnH2;

@OnH2
class H2SignInIntegrationTest extends SignInIntegrationTest {
}
