package org.ristourne.billing.stripe;

import com.stripe.StripeClient;

/**
 * Builds the one {@link StripeClient} billing talks through, from {@link StripeSettings}.
 *
 * <p>The library's own network retries are off ({@code maxNetworkRetries = 0}). stripe-java 33.3.0 would re-send the
 * same request object, so a retry would carry the same Idempotency-Key and be safe; but it sleeps 0.5 to 5 s on the
 * calling thread between attempts, and retries 409 and 5xx on its own schedule. Retrying belongs to the payout saga,
 * which retries through Axon deadlines with the same payout-derived key, so each call here is one attempt and its
 * outcome is reported at once.
 */
public final class StripeClients {

    private StripeClients() {
    }

    /** @throws IllegalStateException when Stripe is not configured (no secret key) */
    public static StripeClient create(StripeSettings settings) {
        String base = settings.apiBase().toString();
        StripeClient.StripeClientBuilder builder = StripeClient.builder()
                .setApiKey(settings.requireSecretKey())
                .setConnectTimeout(Math.toIntExact(settings.connectTimeout().toMillis()))
                .setReadTimeout(Math.toIntExact(settings.readTimeout().toMillis()))
                .setMaxNetworkRetries(0);
        if (!StripeSettings.STRIPE_API.equals(settings.apiBase())) {
            // A stand-in answers everything on one address: files, Connect and meter events go there too, so no
            // test can reach the real Stripe by a side door.
            builder.setApiBase(base).setConnectBase(base).setFilesBase(base).setMeterEventsBase(base);
        }
        return builder.build();
    }
}
