package org.ristourne.broker.api.vendorinvoice;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.ristourne.ledger.money.Money;

/** Stripe says the vendor paid the invoice's line in {@code paid}'s currency ({@code invoice.paid}). */
public record RecordVendorInvoicePaid(@TargetAggregateIdentifier String invoicingId, String invoiceId,
                                      String stripeInvoiceId, Money paid, Instant paidAt) {
}
