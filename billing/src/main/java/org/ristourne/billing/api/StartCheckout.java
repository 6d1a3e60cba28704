package org.ristourne.billing.api;

import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A customer about to subscribe to {@code priceId} through Stripe Checkout. {@code stripeCustomerId} is the Stripe
 * Customer already made for them, or null to make one; {@code email} (or null) prefills it. Stripe sends the
 * customer to {@code successUrl} (which may hold Stripe's {@code {CHECKOUT_SESSION_ID}} template) or
 * {@code cancelUrl} afterwards; the caller validates them. {@code attemptId} names this checkout attempt: the
 * same attempt sent again gets the same session.
 */
public record StartCheckout(String customerId, @Nullable String email, @Nullable String stripeCustomerId,
                            String priceId, String successUrl, String cancelUrl, String attemptId) {

    /** Ids go into idempotency keys (at most 255 characters at Stripe) and metadata: plain and bounded. */
    private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9_.:-]+");

    public StartCheckout {
        requirePlain("customerId", customerId, 128);
        requirePlain("attemptId", attemptId, 64);
        Objects.requireNonNull(priceId, "priceId");
        Objects.requireNonNull(successUrl, "successUrl");
        Objects.requireNonNull(cancelUrl, "cancelUrl");
    }

    public StartCheckout withStripeCustomerId(String stripeCustomerId) {
        return new StartCheckout(customerId, email, stripeCustomerId, priceId, successUrl, cancelUrl, attemptId);
    }

    private static void requirePlain(String name, String value, int maxLength) {
        if (value == null || value.length() > maxLength || !PLAIN_ID.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be 1 to " + maxLength + " letters, digits or _.:-, got '"
                    + value + "'");
        }
    }
}
