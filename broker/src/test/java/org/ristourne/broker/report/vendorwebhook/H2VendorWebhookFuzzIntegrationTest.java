package org.ristourne.broker.report.vendorwebhook;

import org.ristourne.support.OnH2;

@OnH2
class H2VendorWebhookFuzzIntegrationTest extends VendorWebhookFuzzIntegrationTest {

    @Override
    int defaultCases() {
        return 5_000;
    }
}
