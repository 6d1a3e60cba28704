package org.ristourne.broker.operator.pages.vendors;

import org.ristourne.support.OnMariaDb;

@OnMariaDb
class MariaDbOperatorVendorPagesIntegrationTest extends OperatorVendorPagesIntegrationTest {
}
