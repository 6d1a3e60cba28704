package org.ristourne.broker.api.vendor;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.ristourne.broker.api.VendorId;

/** Where the vendor's invoices are sent: Stripe emails each vendor invoice there. */
public record SetBillingEmail(@TargetAggregateIdentifier VendorId vendorId, String email, Instant at) {
}
