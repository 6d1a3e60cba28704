/**
 * Vendor invoicing: each vendor's {@link org.ristourne.broker.payback.vendorinvoice.VendorInvoicing} (what it owes, the
 * invoices that collect it), the policy that feeds it from the ledger, the saga that sends each invoice through
 * billing's {@link org.ristourne.billing.api.VendorInvoices}, the schedule, and the operator's read model.
 */
@NullMarked
package org.ristourne.broker.payback.vendorinvoice;

import org.jspecify.annotations.NullMarked;
