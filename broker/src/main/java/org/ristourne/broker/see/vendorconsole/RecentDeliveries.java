package org.ristourne.broker.see.vendorconsole;

import java.time.Instant;
import java.util.List;
import org.ristourne.broker.api.VendorId;

/**
 * What the delivery log knows of a vendor's recent signed reports, refused ones included. Refusals leave no business
 * trace (no event, no intake row), so only a delivery log can count them: when a bean of this type exists, the console
 * shows the share refused and the top reasons; without one it says that this is not known yet.
 */
public interface RecentDeliveries {

    /** Signed reports received since {@code since}, how many were refused, and the most frequent problem types. */
    Summary since(VendorId vendorId, Instant since);

    record Summary(long signed, long refused, List<Reason> topReasons) {

        public Summary {
            topReasons = List.copyOf(topReasons);
        }
    }

    /** A problem type (e.g. {@code unknown-customer-ref}) and how many refusals it explains. */
    record Reason(String problemType, long count) {
    }
}
