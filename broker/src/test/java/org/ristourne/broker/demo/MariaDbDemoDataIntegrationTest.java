package org.ristourne.broker.demo;

import org.ristourne.support.OnMariaDb;

@OnMariaDb
class MariaDbDemoDataIntegrationTest extends DemoDataIntegrationTest {
}
