package org.ristourne.billing.stripe;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import java.util.Optional;
import java.util.function.Predicate;

/** What billing's adapters make of Stripe's failures, in one place so credits and transfers answer alike. */
public final class StripeFailures {

    private StripeFailures() {
    }

    /**
     * The same request may succeed later: Stripe could not be reached, timed out, limited the rate, failed on its side
     * (5xx), or is still running a request with the same idempotency key (409). Everything else, the payout's key
     * reused with other parameters included, is Stripe's final answer.
     */
    public static boolean isPassing(StripeException e) {
        if (e instanceof ApiConnectionException || e instanceof RateLimitException) {
            return true;
        }
        if (e instanceof IdempotencyException) {
            return false;
        }
        Integer status = e.getStatusCode();
        return status == null || status >= 500 || status == 409;
    }

    /** Stripe's own message when it sent one. */
    public static String message(StripeException e) {
        if (e.getStripeError() != null && e.getStripeError().getMessage() != null) {
            return e.getStripeError().getMessage();
        }
        return String.valueOf(e.getMessage());
    }

    /**
     * The first object of a Stripe list, walked page by page, that {@code which} picks. stripe-java's auto-paging wraps
     * a failed next page in a RuntimeException around the StripeException: it is unwrapped, so a failed page is
     * reported like a failed first page.
     */
    public static <T> Optional<T> first(Iterable<T> all, Predicate<T> which) throws StripeException {
        try {
            for (T each : all) {
                if (which.test(each)) {
                    return Optional.of(each);
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
