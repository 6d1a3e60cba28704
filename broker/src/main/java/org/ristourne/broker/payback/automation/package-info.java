/** Payback's stateless policies: when a payable rebate is paid out. */
@NullMarked
package org.ristourne.broker.payback.automation;

import org.jspecify.annotations.NullMarked;
