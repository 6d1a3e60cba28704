package org.ristourne.billing.api;

import java.time.Instant;

/**
 * The vendor paid Ristourne the pool of a confirmed sale (collected through Stripe). The sale is named by the
 * broker's sale key ({@code vendorId/vendorSaleId}): billing knows sales only by that text.
 */
public record SaleSharesFunded(String saleKey, String stripeReference, Instant fundedAt) {
}
