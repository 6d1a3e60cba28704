package org.ristourne.broker.api.share;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Attempt {@code attempt} of payout {@code payoutId} could not reach Stripe (or the look-up before giving up could
 * not): nothing is known to be paid, nothing is lost, and the saga tries again at {@code nextAttemptAt}. Recorded so
 * that the customer's page can say the payout is delayed, and when it is tried next, instead of a silent "under way";
 * it changes no money. {@code nextAttemptAt} is absent when the saga asks Stripe again at once.
 */
public record PayoutAttemptFailed(String customerId, String payoutId, int attempt, String reason,
                                  @Nullable Instant nextAttemptAt) {
}
