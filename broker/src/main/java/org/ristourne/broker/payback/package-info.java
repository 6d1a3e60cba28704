/**
 * Payback: which payable rebates are paid out, and the saga that credits them to the customer's Stripe balance
 * through billing's {@link org.ristourne.billing.api.CustomerCredits}. The reservation that keeps two payouts from
 * taking the same rebate is the payout book's ({@code share/book/CustomerPayoutBook}).
 */
@NullMarked
package org.ristourne.broker.payback;

import org.jspecify.annotations.NullMarked;
