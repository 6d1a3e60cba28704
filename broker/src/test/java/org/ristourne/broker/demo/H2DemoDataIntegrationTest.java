package org.ristourne.broker.demo;

import org.ristourne.support.OnH2;

@OnH2
class H2DemoDataIntegrationTest extends DemoDataIntegrationTest {
}
