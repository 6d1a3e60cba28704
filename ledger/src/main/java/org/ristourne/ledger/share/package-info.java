/** Share: how a vendor's margin divides between vendor, customer and broker, for a sale and for each refund. */
@NullMarked
package org.ristourne.ledger.share;

import org.jspecify.annotations.NullMarked;
