package org.ristourne.broker.api.vendorinvoice;

import org.ristourne.broker.api.VendorId;

/** The vendor's first share posting opened its invoicing. */
public record VendorInvoicingOpened(String invoicingId, VendorId vendorId) {
}
