package org.ristourne.broker.api.see;

import java.time.Instant;
import org.ristourne.ledger.money.Money;

/**
 * One sale on a customer's statement. {@code rebate} is what still stands after refunds; {@code state} is PENDING,
 * CONFIRMED, PAYABLE, PAID or REFUNDED; {@code expectedConfirmation} is the end of the vendor's return window.
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
        String state,
        Instant expectedConfirmation) {
}
