package org.ristourne.billing.standin;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One request the stand-in received, as a test asserts it.
 *
 * @param params the form body of a POST or the query of a GET, decoded, in order, with Stripe's bracket names as
 *               they were sent ({@code metadata[payout_id]})
 */
public record RecordedRequest(String method, String path, Map<String, String> params, Map<String, String> headers) {

    public @Nullable String header(String name) {
        return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    public @Nullable String idempotencyKey() {
        return header("Idempotency-Key");
    }

    public @Nullable String stripeVersion() {
        return header("Stripe-Version");
    }

    public boolean is(String method, String path) {
        return this.method.equals(method) && this.path.equals(path);
    }
}
