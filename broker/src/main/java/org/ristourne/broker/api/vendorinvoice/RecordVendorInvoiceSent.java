package org.ristourne.broker.api.vendorinvoice;

import java.time.Instant;
import java.util.Currency;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Stripe holds the invoice's line in {@code currency}, finalized and sent to the vendor. */
public record RecordVendorInvoiceSent(@TargetAggregateIdentifier String invoicingId, String invoiceId,
                                      Currency currency, String stripeInvoiceId, String stripeCustomerId,
                                      Instant dueAt, Instant sentAt) {
}
