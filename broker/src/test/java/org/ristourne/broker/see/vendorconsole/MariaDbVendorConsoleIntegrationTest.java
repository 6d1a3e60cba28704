package org.ristourne.broker.see.vendorconsole;

import org.ristourne.support.OnMariaDb;

@OnMariaDb
class MariaDbVendorConsoleIntegrationTest extends VendorConsoleIntegrationTest {
}
