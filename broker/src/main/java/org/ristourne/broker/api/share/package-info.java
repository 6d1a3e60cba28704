/** Share: the commands that book a sale's shares and customers' payouts, and the postings they record. */
@NullMarked
package org.ristourne.broker.api.share;

import org.jspecify.annotations.NullMarked;
