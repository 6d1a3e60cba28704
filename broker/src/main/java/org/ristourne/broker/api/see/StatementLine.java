package org.ristourne.broker.api.see;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.ristourne.ledger.money.Money;

/**
 * One sale on a customer's statement. {@code rebate} is what still stands after refunds; {@code paid} is how much of
 * it payouts have covered, net of failed payouts (more than the rebate after a refund that followed a payout, until
 * the next payout nets it); {@code state} is PENDING, CONFIRMED, INVOICED (to the vendor, not yet paid by it),
 * PAYABLE, CREDITED (paid covers the rebate, as credit on the customer's Stripe balance) or REFUNDED;
 * {@code expectedConfirmation} is the end of the vendor's return window; {@code invoicedAt} when the sale's shares
 * were invoiced to the vendor (null before). {@code creditedOnInvoice} is the Stripe
 * invoice that took this line's credit off what the customer paid (the later one, if two shared it) and
 * {@code creditedAt} when that invoice was paid; both null while the credit waits for the customer's next invoice.
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
        Instant expectedConfirmation,
        @Nullable Instant invoicedAt,
        @Nullable String creditedOnInvoice,
        @Nullable Instant creditedAt) {
}
