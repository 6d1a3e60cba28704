package org.ristourne.broker.directory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.ristourne.broker.api.Agreement;
import org.ristourne.broker.api.VendorId;

/** A vendor as the rules need it: whether it is suspended and its agreement versions, oldest first. */
public record VendorStatus(VendorId vendorId, boolean suspended, List<Agreement> agreements) {

    public VendorStatus {
        agreements = List.copyOf(agreements);
    }

    /** The version in force for a sale completed at {@code completedAt}: the latest that took effect by then. */
    public Optional<Agreement> agreementAt(Instant completedAt) {
        Agreement inForce = null;
        for (Agreement agreement : agreements) {
            if (!agreement.effectiveFrom().isAfter(completedAt)) {
                inForce = agreement;
            }
        }
        return Optional.ofNullable(inForce);
    }
}
