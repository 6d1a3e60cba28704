package org.ristourne.broker.payback;

import org.junit.jupiter.api.Tag;
import org.ristourne.support.OnH2;

/**
 * The same scenarios as the MariaDB twin, on the embedded default. Left out of the default run to keep CI under its
 * 30 minutes (the MariaDB twin runs them on the production database, and the browser walks book, invoice and credit on
 * H2); {@code ./mvnw verify -Dristourne.test.excluded-groups=} runs them too.
 */
@Tag("h2-twin")
@OnH2
class H2VendorInvoicingIntegrationTest extends VendorInvoicingIntegrationTest {
}
