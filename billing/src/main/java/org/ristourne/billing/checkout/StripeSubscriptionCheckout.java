package org.ristourne.billing.checkout;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.ristourne.billing.api.BillingUnavailable;
import org.ristourne.billing.api.CheckoutReceipt;
import org.ristourne.billing.api.CheckoutRefused;
import org.ristourne.billing.api.StartCheckout;
import org.ristourne.billing.api.SubscriptionCheckout;
import org.ristourne.billing.stripe.StripeClients;
import org.ristourne.billing.stripe.StripeSettings;

/**
 * Starts subscriptions through Stripe: {@code POST /v1/customers} when the customer has no Stripe Customer yet, then
 * {@code POST /v1/checkout/sessions} in subscription mode for one unit of the price, naming our customer in
 * {@code client_reference_id} and {@code metadata[customer_id]} (the webhook's {@code checkout.session.completed}
 * reads them back).
 *
 * <p>Never twice: the customer's Idempotency-Key is derived from our customer id alone, the session's from the
 * customer id and the attempt id, never random (stripe-java would add a random one). The library's retries are off
 * ({@link StripeClients}); a failure is reported at once and the caller decides.
 */
public final class StripeSubscriptionCheckout implements SubscriptionCheckout {

    static final String CUSTOMER_KEY_PREFIX = "ristourne-customer-";
    static final String CHECKOUT_KEY_PREFIX = "ristourne-checkout-";
    static final String CUSTOMER_ID = "customer_id";

    private final StripeClient stripe;

    public StripeSubscriptionCheckout(StripeClient stripe) {
        this.stripe = Objects.requireNonNull(stripe, "stripe");
    }

    /** Checkout through the Stripe account the settings name: how the broker, which never sees a Stripe type, gets one. */
    public static SubscriptionCheckout connectedTo(StripeSettings settings) {
        return new StripeSubscriptionCheckout(StripeClients.create(settings));
    }

    public static String customerKey(String customerId) {
        return CUSTOMER_KEY_PREFIX + customerId;
    }

    /** The customer id and the attempt id are plain ids without '/', so the key names both unambiguously. */
    public static String checkoutKey(String customerId, String attemptId) {
        return CHECKOUT_KEY_PREFIX + customerId + "/" + attemptId;
    }

    @Override
    public String createCustomer(String customerId, @Nullable String email) {
        CustomerCreateParams.Builder params = CustomerCreateParams.builder().putMetadata(CUSTOMER_ID, customerId);
        if (email != null) {
            params.setEmail(email);
        }
        try {
            Customer customer = stripe.v1().customers().create(params.build(),
                    RequestOptions.builder().setIdempotencyKey(customerKey(customerId)).build());
            return Objects.requireNonNull(customer.getId(), "Stripe's customer has no id");
        } catch (StripeException e) {
            throw translate("Stripe customer of customer " + customerId, e);
        }
    }

    @Override
    public CheckoutReceipt start(StartCheckout request) {
        if (request.stripeCustomerId() == null) {
            return start(request.withStripeCustomerId(createCustomer(request.customerId(), request.email())));
        }
        String stripeCustomerId = request.stripeCustomerId();
        if (!stripeCustomerId.startsWith("cus_")) {
            throw new CheckoutRefused("'" + stripeCustomerId + "' is not a Stripe customer id");
        }
        SessionCreateParams params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                .setCustomer(stripeCustomerId)
                .addLineItem(SessionCreateParams.LineItem.builder().setPrice(request.priceId()).setQuantity(1L)
                        .build())
                .setClientReferenceId(request.customerId())
                .putMetadata(CUSTOMER_ID, request.customerId())
                .setSuccessUrl(request.successUrl())
                .setCancelUrl(request.cancelUrl())
                .build();
        try {
            Session session = stripe.v1().checkout().sessions().create(params, RequestOptions.builder()
                    .setIdempotencyKey(checkoutKey(request.customerId(), request.attemptId())).build());
            return new CheckoutReceipt(stripeCustomerId, session.getId(), URI.create(session.getUrl()),
                    Instant.ofEpochSecond(Objects.requireNonNull(session.getExpiresAt(), "expires_at")));
        } catch (StripeException e) {
            throw translate("checkout of customer " + request.customerId() + " (attempt " + request.attemptId()
                    + ")", e);
        }
    }

    private static RuntimeException translate(String what, StripeException e) {
        if (e instanceof ApiConnectionException || e instanceof RateLimitException) {
            return new BillingUnavailable(what + ": " + e.getMessage(), e);
        }
        Integer status = e.getStatusCode();
        // 409: a request with the same key is still running at Stripe; asking again later gets its result.
        if (status == null || status >= 500 || status == 409) {
            return new BillingUnavailable(what + ": Stripe answered " + status + ": " + stripeMessage(e), e);
        }
        return new CheckoutRefused(what + " refused by Stripe (" + status + "): " + stripeMessage(e), status, e);
    }

    private static String stripeMessage(StripeException e) {
        return e.getStripeError() != null && e.getStripeError().getMessage() != null ? e.getStripeError().getMessage()
                : String.valueOf(e.getMessage());
    }
}
