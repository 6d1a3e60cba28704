package org.ristourne.broker.report.vendorwebhook;

import org.ristourne.support.OnMariaDb;

@OnMariaDb
class MariaDbHostileReportsIntegrationTest extends HostileReportsIntegrationTest {
}
