/**
 * The vendor console's delivery log: what became of each delivery that passed the signature check. A bounded log for
 * the vendor's developer to read; it holds no business state, and nothing reads it to decide anything.
 */
@NullMarked
package org.ristourne.broker.report.deliverylog;

import org.jspecify.annotations.NullMarked;
