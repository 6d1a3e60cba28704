package org.ristourne.billing.stripe;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How Ristourne talks to Stripe. Without a secret key Stripe is "not configured": the broker still runs, nothing is
 * sent to Stripe and nothing is shown as paid. Blank values count as absent, so an empty environment variable means
 * "not configured" rather than an invalid key.
 *
 * @param secretKey            {@code sk_…} or a restricted {@code rk_…} key; absent when Stripe is not configured
 * @param webhookSigningSecret {@code whsec_…}, the secret Stripe signs webhook events with
 * @param subscriptionPriceId  {@code price_…}, the recurring price a customer subscribes to
 * @param apiBase              where Stripe's API answers: {@code https://api.stripe.com}, a stand-in's address in tests
 * @param connectPayouts       cash payouts through Stripe Connect; off unless deliberately switched on
 * @param connectTimeout       how long to wait for a connection to Stripe
 * @param readTimeout          how long to wait for Stripe's answer; past it the call reports Stripe unavailable and the
 *                             caller retries with the same idempotency key
 */
public record StripeSettings(@Nullable String secretKey, @Nullable String webhookSigningSecret,
                             @Nullable String subscriptionPriceId, URI apiBase, boolean connectPayouts,
                             Duration connectTimeout, Duration readTimeout) {

    public static final URI STRIPE_API = URI.create("https://api.stripe.com");
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Stripe's own default is 80 s; a credit or a list answers in well under a second, and a saga thread waits. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

    public StripeSettings {
        secretKey = blankToNull(secretKey);
        webhookSigningSecret = blankToNull(webhookSigningSecret);
        subscriptionPriceId = blankToNull(subscriptionPriceId);
        Objects.requireNonNull(apiBase, "apiBase");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (secretKey != null && !(secretKey.startsWith("sk_") || secretKey.startsWith("rk_"))) {
            // A publishable key (pk_) here is the usual mistake; say so without echoing the key.
            throw new IllegalArgumentException("the Stripe secret key must start with sk_ or rk_");
        }
        if (webhookSigningSecret != null && !webhookSigningSecret.startsWith("whsec_")) {
            throw new IllegalArgumentException("the Stripe webhook signing secret must start with whsec_");
        }
        if (subscriptionPriceId != null && !subscriptionPriceId.startsWith("price_")) {
            throw new IllegalArgumentException(
                    "the subscription price must be a Stripe price id (price_…), got " + subscriptionPriceId);
        }
        if (!apiBase.isAbsolute() || !("https".equals(apiBase.getScheme()) || "http".equals(apiBase.getScheme()))
                || apiBase.getHost() == null || !(apiBase.getPath() == null || apiBase.getPath().isEmpty())
                || apiBase.getQuery() != null) {
            throw new IllegalArgumentException(
                    "the Stripe API base must be an http(s) address without a path, got " + apiBase);
        }
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("readTimeout", readTimeout);
        if (connectPayouts && secretKey == null) {
            throw new IllegalArgumentException("cash payouts through Stripe Connect need a Stripe secret key");
        }
    }

    /** Stripe is not configured: the broker runs, Stripe is never called. */
    public static StripeSettings notConfigured() {
        return new StripeSettings(null, null, null, STRIPE_API, false, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
    }

    /** Real Stripe with default timeouts and Connect payouts off. */
    public static StripeSettings of(@Nullable String secretKey, @Nullable String webhookSigningSecret,
                                    @Nullable String subscriptionPriceId) {
        return new StripeSettings(secretKey, webhookSigningSecret, subscriptionPriceId, STRIPE_API, false,
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
    }

    public StripeSettings withApiBase(URI apiBase) {
        return new StripeSettings(secretKey, webhookSigningSecret, subscriptionPriceId, apiBase, connectPayouts,
                connectTimeout, readTimeout);
    }

    public StripeSettings withTimeouts(Duration connectTimeout, Duration readTimeout) {
        return new StripeSettings(secretKey, webhookSigningSecret, subscriptionPriceId, apiBase, connectPayouts,
                connectTimeout, readTimeout);
    }

    public StripeSettings withConnectPayouts(boolean connectPayouts) {
        return new StripeSettings(secretKey, webhookSigningSecret, subscriptionPriceId, apiBase, connectPayouts,
                connectTimeout, readTimeout);
    }

    /** A secret key is set: Stripe is called. */
    public boolean isConfigured() {
        return secretKey != null;
    }

    /** The webhook endpoint can verify events only with this secret. */
    public boolean canVerifyWebhooks() {
        return webhookSigningSecret != null;
    }

    public String requireSecretKey() {
        if (secretKey == null) {
            throw new IllegalStateException("Stripe is not configured: no secret key");
        }
        return secretKey;
    }

    public String requireWebhookSigningSecret() {
        if (webhookSigningSecret == null) {
            throw new IllegalStateException("Stripe webhooks are not configured: no signing secret");
        }
        return webhookSigningSecret;
    }

    /** Never the secrets themselves: settings end up in logs and health details. */
    @Override
    public String toString() {
        return "StripeSettings[" + (isConfigured() ? "configured, key " + mode() : "not configured")
                + ", webhook secret " + (canVerifyWebhooks() ? "set" : "absent")
                + ", subscription price " + (subscriptionPriceId == null ? "absent" : subscriptionPriceId)
                + ", apiBase " + apiBase + ", connectPayouts " + connectPayouts
                + ", connectTimeout " + connectTimeout + ", readTimeout " + readTimeout + "]";
    }

    /** "test mode" or "live mode", from the key's prefix ({@code sk_test_}, {@code sk_live_}). */
    public String mode() {
        if (secretKey == null) {
            return "none";
        }
        return secretKey.substring(3).startsWith("live_") ? "live mode" : "test mode";
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static void requirePositive(String name, Duration duration) {
        if (duration.isNegative() || duration.isZero() || duration.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be positive and fit in int milliseconds, got " + duration);
        }
    }
}
