package org.ristourne.broker.see.account;

import org.ristourne.support.OnH2;

@OnH2
class H2AccountPageIntegrationTest extends AccountPageIntegrationTest {
}
