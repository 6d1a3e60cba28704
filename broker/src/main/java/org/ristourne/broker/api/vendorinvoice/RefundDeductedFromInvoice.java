package org.ristourne.broker.api.vendorinvoice;

import java.time.Instant;
import org.ristourne.ledger.money.Money;

/**
 * A refund of a sale the vendor had paid for was deducted from the paid invoice {@code invoiceId}: the ledger books
 * it on the sale ({@code BookRefundDeducted}).
 */
public record RefundDeductedFromInvoice(String saleKey, String refundId, Money amount, String invoiceId,
                                        Instant deductedAt) {
}
