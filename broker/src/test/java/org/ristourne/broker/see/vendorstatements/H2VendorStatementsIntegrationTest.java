package org.ristourne.broker.see.vendorstatements;

import org.ristourne.support.OnH2;

@OnH2
class H2VendorStatementsIntegrationTest extends VendorStatementsIntegrationTest {
}
