package org.ristourne.foundation;

import org.ristourne.support.OnH2;

@OnH2
class H2EventStoreIntegrationTest extends EventStoreIntegrationTest {
}
