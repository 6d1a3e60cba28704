package org.ristourne.billing.api;

import java.util.Optional;

/**
 * Pays a customer's rebates back as credit on their next subscription invoice: a negative Stripe customer balance
 * transaction, which Stripe deducts from the next invoice by itself. The broker's payout saga calls it; billing's
 * Stripe adapter implements it.
 *
 * <p>Idempotent by {@link CreditRebate#payoutId()}: the Stripe idempotency key is derived from it, and once that key
 * has expired a credit already made is found again by the payout id in its metadata. Calling again after a crash or
 * a timeout therefore never credits twice.
 */
public interface CustomerCredits {

    /**
     * @throws BillingUnavailable when Stripe could not be reached, timed out or answered 5xx: try again later, with
     *                            the same request
     * @throws CreditRefused      when Stripe refused the credit for good (a 4xx such as an unknown customer)
     */
    CreditReceipt credit(CreditRebate request);

    /**
     * The credit Stripe holds for the payout on the customer's balance, found by the payout id in its metadata, whether
     * or not its idempotency key has expired. Asked before a payout is given up, so that a credit Stripe made although
     * every answer was lost is settled rather than paid again.
     *
     * @return empty when Stripe holds no credit for the payout
     * @throws BillingUnavailable when Stripe could not be asked (unreachable, timed out, 5xx): whether it credited is
     *                            unknown
     */
    Optional<CreditReceipt> find(String payoutId, String stripeCustomerId);
}
