package org.ristourne.broker.api.vendorinvoice;

import java.time.Instant;
import java.util.Currency;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The line could not be sent: Stripe refused it, or stayed unavailable too long. The operator decides. */
public record RecordVendorInvoiceFailed(@TargetAggregateIdentifier String invoicingId, String invoiceId,
                                        Currency currency, String reason, Instant failedAt) {
}
