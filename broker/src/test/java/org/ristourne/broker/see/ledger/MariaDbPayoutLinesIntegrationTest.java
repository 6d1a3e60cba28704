package org.ristourne.broker.see.ledger;

import org.ristourne.support.OnMariaDb;

@OnMariaDb
class MariaDbPayoutLinesIntegrationTest extends PayoutLinesIntegrationTest {
}
