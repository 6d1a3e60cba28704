package org.ristourne.broker.api.share;

import java.time.Instant;
import org.ristourne.ledger.money.Money;

/** The pool reversal of a refund, already paid by the vendor, was given back on its invoice {@code invoiceId}. */
public record SaleBookRefundDeducted(String bookId, String refundId, Money amount, String invoiceId,
                                     Instant deductedAt) {
}
