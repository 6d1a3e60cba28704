package org.ristourne.broker.see.deliveries;

import org.ristourne.support.OnH2;

@OnH2
class H2VendorDeliveriesIntegrationTest extends VendorDeliveriesIntegrationTest {
}
