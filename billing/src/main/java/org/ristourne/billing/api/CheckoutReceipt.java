package org.ristourne.billing.api;

import java.net.URI;
import java.time.Instant;

/** Stripe made the Checkout Session: the page the customer opens ({@code url}) until {@code expiresAt}. */
public record CheckoutReceipt(String stripeCustomerId, String checkoutSessionId, URI url, Instant expiresAt) {
}
