package org.ristourne.broker.operator.pages.vendors;

import org.ristourne.support.OnH2;

@OnH2
class H2OperatorVendorPagesIntegrationTest extends OperatorVendorPagesIntegrationTest {
}
