/** Share: the ledger's books of sales and payouts, and the policies that keep them in step with the sales. */
@NullMarked
package org.ristourne.broker.share;

import org.jspecify.annotations.NullMarked;
