/** Paying rebates back as credit on the customer's Stripe balance, once per payout. */
@NullMarked
package org.ristourne.billing.credit;

import org.jspecify.annotations.NullMarked;
