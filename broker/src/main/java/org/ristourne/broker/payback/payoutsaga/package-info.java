/** The payout saga: one per payout, from its reservation to Stripe's credit, its retries, or giving it up. */
@NullMarked
package org.ristourne.broker.payback.payoutsaga;

import org.jspecify.annotations.NullMarked;
