/** The chart of accounts. */
@NullMarked
package org.ristourne.ledger.account;

import org.jspecify.annotations.NullMarked;
