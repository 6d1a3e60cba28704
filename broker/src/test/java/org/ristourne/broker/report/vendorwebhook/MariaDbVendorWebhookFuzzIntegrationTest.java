package org.ristourne.broker.report.vendorwebhook;

import org.ristourne.support.OnMariaDb;

@OnMariaDb
class MariaDbVendorWebhookFuzzIntegrationTest extends VendorWebhookFuzzIntegrationTest {

    @Override
    int defaultCases() {
        return 3_000;
    }
}
