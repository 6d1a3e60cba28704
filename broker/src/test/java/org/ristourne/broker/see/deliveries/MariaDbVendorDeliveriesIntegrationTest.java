package org.ristourne.broker.see.deliveries;

import org.ristourne.support.OnMariaDb;

@OnMariaDb
class MariaDbVendorDeliveriesIntegrationTest extends VendorDeliveriesIntegrationTest {
}
