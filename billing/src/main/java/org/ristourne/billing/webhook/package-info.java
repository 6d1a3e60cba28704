/** Stripe's webhook requests, verified and turned into billing's records before anything acts on them. */
@NullMarked
package org.ristourne.billing.webhook;

import org.jspecify.annotations.NullMarked;
