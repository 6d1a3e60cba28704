package org.ristourne.broker.see.relationships;

import org.ristourne.support.OnH2;

@OnH2
class H2RelationshipsPagesIntegrationTest extends RelationshipsPagesIntegrationTest {
}
