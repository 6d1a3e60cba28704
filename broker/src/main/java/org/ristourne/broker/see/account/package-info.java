/**
 * The customer's account page: how much of the subscription the rebates paid back, where each sale's rebate stands and
 * how it was computed, payouts and credits, the statement as CSV, and the way to subscribe. Read only, but for the
 * subscribe action, which hands over to Stripe Checkout.
 */
@NullMarked
package org.ristourne.broker.see.account;

import org.jspecify.annotations.NullMarked;
