package org.ristourne.broker.subscribe.account;

import org.ristourne.support.OnMariaDb;

@OnMariaDb
class MariaDbSignInIntegrationTest extends SignInIntegrationTest {
}
