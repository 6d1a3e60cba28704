package org.ristourne.broker.web;

import org.ristourne.support.OnMariaDb;

@OnMariaDb
class MariaDbFormsFuzzIntegrationTest extends FormsFuzzIntegrationTest {

    @Override
    int defaultCases() {
        return 150;
    }
}
