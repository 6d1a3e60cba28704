/** People who sign in to a vendor's console: created by the operator, one or more per vendor. */
@NullMarked
package org.ristourne.broker.vendor.users;

import org.jspecify.annotations.NullMarked;
