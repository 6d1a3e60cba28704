package org.ristourne.broker.see.ledger;

import org.ristourne.support.OnH2;

@OnH2
class H2PayoutLinesIntegrationTest extends PayoutLinesIntegrationTest {
}
