/** Cash payouts through Stripe Connect: transfers to customers' connected accounts, behind a switch. */
@NullMarked
package org.ristourne.billing.cash;

import org.jspecify.annotations.NullMarked;
