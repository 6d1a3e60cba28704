package org.ristourne.broker.report.vendorwebhook;

import org.ristourne.support.OnMariaDb;

@OnMariaDb
class MariaDbStoredWebhookSecretsIntegrationTest extends StoredWebhookSecretsIntegrationTest {
}
