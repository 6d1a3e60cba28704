package org.ristourne.billing.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.ristourne.ledger.money.Money;

/**
 * The vendor paid Ristourne the pool of a confirmed sale (collected through Stripe). The sale is named by the
 * broker's sale key ({@code vendorId/vendorSaleId}): billing knows sales only by that text. {@code funded} is what the
 * vendor paid for it (what it was invoiced; a refund booked since may make that more than the standing pool); null
 * means the standing pool.
 */
public record SaleSharesFunded(String saleKey, String stripeReference, Instant fundedAt, @Nullable Money funded) {

    public SaleSharesFunded(String saleKey, String stripeReference, Instant fundedAt) {
        this(saleKey, stripeReference, fundedAt, null);
    }
}
