package org.ristourne.broker.see.operations.attention;

import org.ristourne.support.OnH2;

@OnH2
class H2OperationsPagesIntegrationTest extends OperationsPagesIntegrationTest {
}
