package org.ristourne.broker.api.see;

import java.time.Instant;
import org.ristourne.ledger.money.Money;

/**
 * One sale on a customer's statement. {@code rebate} is what still stands after refunds; {@code paid} is how much of
 * it payouts have covered, net of failed payouts (more than the rebate after a refund that followed a payout, until
 * the next payout nets it); {@code state} is PENDING, CONFIRMED, INVOICED (to the vendor, not yet paid by it),
 * PAYABLE, PAID (paid covers the rebate) or REFUNDED; {@code expectedConfirmation} is the end of the vendor's return
 * window.
 */
public record StatementLine(
        String saleKey,
        String vendorId,
        String vendorSaleId,
        Instant completedAt,
        Money amount,
        Money margin,
        Money refunded,
        Money rebate,
        Money paid,
        String state,
        Instant expectedConfirmation) {
}
