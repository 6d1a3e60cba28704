package org.ristourne.broker.see.relationships;

import org.ristourne.support.OnMariaDb;

@OnMariaDb
class MariaDbRelationshipsPagesIntegrationTest extends RelationshipsPagesIntegrationTest {
}
