/**
 * The customer's vendor pages: the vendors taking part and the share each offers, opening and ending a relationship,
 * and one relationship's customerRef with the vendor's offers, which the customer sees only by opening it.
 */
@NullMarked
package org.ristourne.broker.see.relationships;

import org.jspecify.annotations.NullMarked;
