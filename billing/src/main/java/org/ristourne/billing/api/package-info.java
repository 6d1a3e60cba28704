/** Billing's events, as the rest of Ristourne sees them: immutable records, no Stripe type in sight. */
@NullMarked
package org.ristourne.billing.api;

import org.jspecify.annotations.NullMarked;
