/** Billing's connection to Stripe: its settings and the one client built from them. */
@NullMarked
package org.ristourne.billing.stripe;

import org.jspecify.annotations.NullMarked;
