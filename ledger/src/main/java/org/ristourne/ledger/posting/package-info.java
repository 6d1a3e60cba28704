/** Postings: balanced, immutable, identified by the business event that caused them. */
@NullMarked
package org.ristourne.ledger.posting;

import org.jspecify.annotations.NullMarked;
