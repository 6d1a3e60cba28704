package org.ristourne.billing.api;

import java.util.Optional;

/**
 * Pays a customer's rebates as cash through Stripe Connect: a transfer to the customer's connected account. Off
 * unless the platform switches Connect payouts on; the broker's payout saga calls it for customers who have a
 * connected account, billing's Stripe adapter implements it.
 *
 * <p>Idempotent by {@link PayCash#payoutId()}, like {@link CustomerCredits}: the Stripe idempotency key is derived from
 * it, and once the key has expired a transfer already made is found again by the payout id in its metadata.
 */
public interface CashPayouts {

    /**
     * @throws BillingUnavailable when Stripe could not be reached, timed out or answered 5xx: try again later, with
     *                            the same request
     * @throws CashRefused        when Stripe refused the transfer for good (a 4xx such as an unknown destination or
     *                            an insufficient platform balance)
     */
    CashReceipt pay(PayCash request);

    /**
     * The transfer Stripe holds for the payout to the connected account, found by the payout id in its metadata.
     *
     * @return empty when Stripe holds no transfer for the payout
     * @throws BillingUnavailable when Stripe could not be asked: whether it transferred is unknown
     */
    Optional<CashReceipt> find(String payoutId, String connectedAccountId);
}
