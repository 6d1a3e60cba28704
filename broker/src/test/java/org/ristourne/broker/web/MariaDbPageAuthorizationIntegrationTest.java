package org.ristourne.broker.web;

import org.ristourne.support.OnMariaDb;

@OnMariaDb
class MariaDbPageAuthorizationIntegrationTest extends PageAuthorizationIntegrationTest {
}
