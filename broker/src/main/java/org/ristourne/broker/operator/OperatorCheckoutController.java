package org.ristourne.broker.operator;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.ristourne.billing.api.BillingUnavailable;
import org.ristourne.billing.api.CheckoutReceipt;
import org.ristourne.billing.api.CheckoutRefused;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.subscribe.checkout.StartSubscriptionCheckout;
import org.ristourne.broker.subscribe.checkout.StripeNotConfigured;
import org.ristourne.broker.subscribe.checkout.UnknownCustomer;
import org.ristourne.broker.support.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Starts a customer's subscription through Stripe Checkout, on the customer's behalf until customers sign in
 * themselves: the answer's {@code checkoutUrl} is the page where they pay. The subscription is recorded when Stripe's
 * webhook says the checkout completed and the invoice was paid.
 */
@RestController
class OperatorCheckoutController {

    private static final Logger log = LoggerFactory.getLogger(OperatorCheckoutController.class);
    /** Stripe accepts URLs of up to 5000 characters; ours are short. */
    static final int MAX_URL_LENGTH = 2000;
    static final int MAX_EMAIL_LENGTH = 254;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern ATTEMPT_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");
    /** Stripe replaces it in the success URL with the session's id; not a valid URI character, so it is set aside. */
    private static final String SESSION_TEMPLATE = "{CHECKOUT_SESSION_ID}";
    private static final String RETRY_AFTER_SECONDS = "30";

    private final StartSubscriptionCheckout checkout;

    OperatorCheckoutController(StartSubscriptionCheckout checkout) {
        this.checkout = checkout;
    }

    /**
     * {@code attemptId} names this attempt: sending the same request again with it (after a timeout, say) answers the
     * same session rather than a second one. Without it each request is a new attempt.
     */
    record CheckoutRequest(@Nullable String email, @Nullable String successUrl, @Nullable String cancelUrl,
                           @Nullable String attemptId) {
    }

    record CheckoutStarted(String checkoutUrl, String checkoutSessionId, String stripeCustomerId, Instant expiresAt) {
    }

    @PostMapping("/operator/customers/{customerId}/checkout")
    ResponseEntity<CheckoutStarted> start(@PathVariable String customerId,
                                          @RequestBody(required = false) @Nullable CheckoutRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("a checkout needs successUrl and cancelUrl");
        }
        String attemptId = request.attemptId() == null ? UUID.randomUUID().toString() : request.attemptId();
        if (!ATTEMPT_ID.matcher(attemptId).matches()) {
            throw new IllegalArgumentException("attemptId must be 1 to 64 letters, digits or _.:-");
        }
        CheckoutReceipt receipt = checkout.start(new StartSubscriptionCheckout.Request(new CustomerId(customerId),
                email(request.email()), returnUrl("successUrl", request.successUrl()),
                returnUrl("cancelUrl", request.cancelUrl()), attemptId));
        return ResponseEntity.status(HttpStatus.CREATED).body(new CheckoutStarted(receipt.url().toString(),
                receipt.checkoutSessionId(), receipt.stripeCustomerId(), receipt.expiresAt()));
    }

    private static @Nullable String email(@Nullable String email) {
        if (email == null) {
            return null;
        }
        if (email.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(email).matches()) {
            throw new IllegalArgumentException("email must be an e-mail address of at most " + MAX_EMAIL_LENGTH
                    + " characters");
        }
        return email;
    }

    /** Where Stripe sends the customer back: an absolute https URL, or http on this machine (development). */
    static String returnUrl(String field, @Nullable String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("field '" + field + "' is required");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw new IllegalArgumentException(field + " must be at most " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.replace(SESSION_TEMPLATE, "session"));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(field + " is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        boolean secure = scheme.equals("https") && !host.isEmpty();
        boolean local = scheme.equals("http") && LOCAL_HOSTS.contains(host);
        if (!uri.isAbsolute() || !(secure || local) || uri.getUserInfo() != null) {
            throw new IllegalArgumentException(field + " must be an absolute https URL (http only on localhost),"
                    + " without credentials");
        }
        return url;
    }

    @ExceptionHandler(UnknownCustomer.class)
    ResponseEntity<ProblemDetail> unknownCustomer(UnknownCustomer unknown) {
        return Problems.response(HttpStatus.NOT_FOUND, "unknown-customer", unknown.getMessage());
    }

    @ExceptionHandler(StripeNotConfigured.class)
    ResponseEntity<ProblemDetail> notConfigured(StripeNotConfigured notConfigured) {
        log.warn("Checkout refused: {}", notConfigured.getMessage());
        return Problems.response(HttpStatus.SERVICE_UNAVAILABLE, "stripe-not-configured", notConfigured.getMessage());
    }

    @ExceptionHandler(BillingUnavailable.class)
    ResponseEntity<ProblemDetail> unavailable(BillingUnavailable unavailable) {
        log.warn("Checkout not started, Stripe unavailable: {}", unavailable.getMessage());
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        return Problems.response(HttpStatus.SERVICE_UNAVAILABLE, "stripe-unavailable", "Stripe could not be reached"
                + " or failed; retry in a while with the same attemptId, which cannot start a second checkout",
                headers);
    }

    /** Stripe refused what we sent (an unknown price, an invalid key): the broker's fault or configuration's. */
    @ExceptionHandler(CheckoutRefused.class)
    ResponseEntity<ProblemDetail> refused(CheckoutRefused refused) {
        log.error("Checkout refused by Stripe: {}", refused.getMessage());
        return Problems.response(HttpStatus.BAD_GATEWAY, "stripe-refused", refused.getMessage());
    }
}
