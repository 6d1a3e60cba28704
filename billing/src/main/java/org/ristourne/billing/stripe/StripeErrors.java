package org.ristourne.billing.stripe;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * How billing reads Stripe's failures and lists, the same for every adapter: which failures pass (ask again later,
 * with the same idempotency key) and which are Stripe's final word.
 */
public final class StripeErrors {

    private StripeErrors() {
    }

    /**
     * The same request may succeed later: no connection, a read timeout, 429, 5xx, or 409 (a request with the same
     * key is still running at Stripe; asking again later gets its result). An idempotency error (the key used with
     * other parameters) and every other 4xx are final.
     */
    public static boolean passing(StripeException e) {
        if (e instanceof ApiConnectionException || e instanceof RateLimitException) {
            return true;
        }
        if (e instanceof IdempotencyException) {
            return false;
        }
        Integer status = e.getStatusCode();
        return status == null || status >= 500 || status == 409;
    }

    /** What happened, for a log line or an exception: "Stripe answered 503: …" or "no answer from Stripe: …". */
    public static String outcome(StripeException e) {
        if (e instanceof ApiConnectionException) {
            return "no answer from Stripe: " + message(e);
        }
        return "Stripe answered " + e.getStatusCode() + ": " + message(e);
    }

    /** Stripe's own message for the error when it sent one, for logs and for the person who reads the refusal. */
    public static String message(StripeException e) {
        if (e.getStripeError() != null && e.getStripeError().getMessage() != null) {
            return e.getStripeError().getMessage();
        }
        return String.valueOf(e.getMessage());
    }

    /**
     * The first object of an auto-paging list that {@code which} picks, reading further pages only as needed. A
     * failed later page surfaces as the StripeException it is (stripe-java wraps it in a RuntimeException).
     */
    public static <T> Optional<T> first(Iterable<T> autoPaging, Predicate<T> which) throws StripeException {
        try {
            for (T object : autoPaging) {
                if (which.test(object)) {
                    return Optional.of(object);
                }
            }
        } catch (RuntimeException e) {
            if (e.getCause() instanceof StripeException stripeException) {
                throw stripeException;
            }
            throw e;
        }
        return Optional.empty();
    }
}
