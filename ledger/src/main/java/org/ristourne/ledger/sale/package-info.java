/** A sale's shares through their life, and customers' payouts, as balanced postings. */
@NullMarked
package org.ristourne.ledger.sale;

import org.jspecify.annotations.NullMarked;
