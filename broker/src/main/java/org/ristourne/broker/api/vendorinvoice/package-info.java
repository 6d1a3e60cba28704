/**
 * Vendor invoicing: what each vendor owes for the shares of its confirmed sales, the invoices that collect it through
 * Stripe (one line per currency), their sending, payment and lateness, and the refunds deducted from them.
 */
@NullMarked
package org.ristourne.broker.api.vendorinvoice;

import org.jspecify.annotations.NullMarked;
