/** See: the queries the ledger's read models answer, and their answers. */
@NullMarked
package org.ristourne.broker.api.see;

import org.jspecify.annotations.NullMarked;
