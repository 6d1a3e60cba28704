package org.ristourne.broker.payback;

import org.ristourne.support.OnMariaDb;

@OnMariaDb
class MariaDbPaybackIntegrationTest extends PaybackIntegrationTest {
}
