/** Collecting the shared margin from vendors: one Stripe invoice per Ristourne invoice and currency, never two. */
@NullMarked
package org.ristourne.billing.invoice;

import org.jspecify.annotations.NullMarked;
