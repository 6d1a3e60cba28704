/**
 * The vendor's statements: per calendar month, the shares its sales owe, what refunds gave back, what it was invoiced
 * and what it paid, per currency, then one row per sale with the customer named only by its customerRef; the same rows
 * as CSV. Read only, and always for the vendor of the signed-in user.
 */
@NullMarked
package org.ristourne.broker.see.vendorstatements;

import org.jspecify.annotations.NullMarked;
