package org.ristourne.broker.api.vendorinvoice;

import java.time.Instant;
import java.util.Currency;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The line's due date passed and it is not paid. */
public record RecordVendorInvoiceOverdue(@TargetAggregateIdentifier String invoicingId, String invoiceId,
                                         Currency currency, Instant at) {
}
