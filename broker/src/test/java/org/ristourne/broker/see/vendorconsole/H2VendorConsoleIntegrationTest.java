package org.ristourne.broker.see.vendorconsole;

import org.ristourne.support.OnH2;

@OnH2
class H2VendorConsoleIntegrationTest extends VendorConsoleIntegrationTest {
}
