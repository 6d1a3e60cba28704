/** Small helpers shared by the broker's features. */
@NullMarked
package org.ristourne.broker.support;

import org.jspecify.annotations.NullMarked;
