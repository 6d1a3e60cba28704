/** Money and rates: integer minor units and basis points, never floating point. */
@NullMarked
package org.ristourne.ledger.money;

import org.jspecify.annotations.NullMarked;
