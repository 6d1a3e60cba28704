/** Starting a customer's subscription through Stripe Checkout: their Stripe Customer, then the session. */
@NullMarked
package org.ristourne.billing.checkout;

import org.jspecify.annotations.NullMarked;
