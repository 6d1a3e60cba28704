package org.ristourne.broker.payback;

import java.sql.SQLException;
import org.ristourne.support.MariaDbOfItsOwn;
import org.ristourne.support.OnMariaDb;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * On a database of its own: the suite's other MariaDB contexts have no {@code VendorInvoices}, and on a shared
 * database their saga processor and deadline poller would take this context's invoices, as a node without Stripe would.
 */
@OnMariaDb
class MariaDbVendorInvoicingIntegrationTest extends VendorInvoicingIntegrationTest {

    @DynamicPropertySource
    static void databaseOfItsOwn(DynamicPropertyRegistry registry) throws SQLException {
        MariaDbOfItsOwn.register(registry, "vendor_invoicing");
    }
}
