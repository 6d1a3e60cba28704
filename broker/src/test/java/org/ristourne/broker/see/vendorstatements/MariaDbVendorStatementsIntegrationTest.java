package org.ristourne.broker.see.vendorstatements;

import org.ristourne.support.OnMariaDb;

@OnMariaDb
class MariaDbVendorStatementsIntegrationTest extends VendorStatementsIntegrationTest {
}
