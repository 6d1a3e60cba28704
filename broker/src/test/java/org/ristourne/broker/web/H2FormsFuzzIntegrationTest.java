package org.ristourne.broker.web;

import org.ristourne.support.OnH2;

@OnH2
class H2FormsFuzzIntegrationTest extends FormsFuzzIntegrationTest {

    @Override
    int defaultCases() {
        return 200;
    }
}
