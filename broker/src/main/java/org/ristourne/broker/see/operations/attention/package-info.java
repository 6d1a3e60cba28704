/**
 * The operator's first pages: what needs a human today (parked bookings, failed payouts, overdue vendor invoices,
 * processors behind), and where each event processor stands on every node. Every action is a form that goes through
 * the same service as the operator's API; the processors page only reads.
 */
@NullMarked
package org.ristourne.broker.see.operations.attention;

import org.jspecify.annotations.NullMarked;
