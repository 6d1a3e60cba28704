package org.ristourne.broker.payback.vendorinvoice;

import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.ristourne.billing.api.VendorInvoices;
import org.ristourne.broker.config.SnapshottedStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Vendor invoicing's wiring: billing's {@link VendorInvoices} when some configuration provides one (billing's Stripe
 * adapter when Stripe is configured, a test's scripted one), and the snapshots of {@link VendorInvoicing}.
 */
@Configuration(proxyBeanMethods = false)
class VendorInvoicingConfig {

    static final String SNAPSHOTS = "vendorInvoicingSnapshotTrigger";

    private static final Logger log = LoggerFactory.getLogger(VendorInvoicingConfig.class);

    @Bean
    StripeVendorInvoicing stripeVendorInvoicing(ObjectProvider<VendorInvoices> invoices) {
        VendorInvoices port = invoices.getIfUnique();
        if (port == null) {
            log.warn("Stripe is not configured (set RISTOURNE_STRIPE_SECRET_KEY): vendor invoices are issued in"
                    + " Ristourne but not sent, so no vendor pays and no rebate becomes payable until it is");
        }
        return new StripeVendorInvoicing(port);
    }

    /** One vendor's stream grows with every sale: a snapshot every 200 events keeps loading it short. */
    @Bean(SNAPSHOTS)
    SnapshotTriggerDefinition vendorInvoicingSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, 200);
    }

    /** The only streams with snapshots: every other aggregate is loaded without asking the snapshot table. */
    @Bean
    SnapshottedStreams vendorInvoicingSnapshots() {
        return aggregateIdentifier -> aggregateIdentifier.startsWith(VendorInvoicing.PREFIX);
    }
}
