package org.ristourne.broker.api.vendorinvoice;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.ristourne.broker.api.VendorId;

/**
 * Invoice the vendor for its sales confirmed before {@code periodEnd} and not yet invoiced, less the refunds to deduct.
 * Answers the invoice id, or null when there is nothing to invoice.
 */
public record IssueVendorInvoice(@TargetAggregateIdentifier String invoicingId, VendorId vendorId, Instant periodEnd,
                                 Instant issuedAt, Instant dueAt) {
}
