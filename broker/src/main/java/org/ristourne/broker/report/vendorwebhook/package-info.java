/** Report: vendors' signed webhooks, verified, parsed and recorded exactly once. */
@NullMarked
package org.ristourne.broker.report.vendorwebhook;

import org.jspecify.annotations.NullMarked;
