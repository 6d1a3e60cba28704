package org.ristourne.broker.api.vendorinvoice;

import java.time.Instant;
import org.ristourne.broker.api.VendorId;
import org.ristourne.ledger.money.Money;

/** The vendor paid the line: its sales are funded as invoiced and its deductions given back. */
public record VendorInvoicePaid(String invoicingId, String invoiceId, VendorId vendorId, String stripeInvoiceId,
                                Money paid, Instant paidAt) {
}
