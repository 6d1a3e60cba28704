package org.ristourne.broker.report.vendorwebhook;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.ristourne.ledger.money.Money;

/** A vendor's report once its JSON is known to be well formed: one of the two event types of the contract. */
sealed interface VendorReport {

    String vendorSaleId();

    /** A digest of the report's business content (not its envelope), to tell a repeat from a conflict. */
    String contentHash();

    record SaleCompleted(
            String vendorSaleId,
            String customerRef,
            String currency,
            long amount,
            @Nullable Long margin,
            Instant completedAt,
            List<Line> lines,
            String contentHash) implements VendorReport {
    }

    record SaleRefunded(
            String vendorSaleId,
            String refundId,
            long amount,
            Instant refundedAt,
            String contentHash) implements VendorReport {

        Money amountIn(java.util.Currency currency) {
            return Money.of(amount, currency);
        }
    }

    record Line(String description, int quantity, long amount) {
    }
}
