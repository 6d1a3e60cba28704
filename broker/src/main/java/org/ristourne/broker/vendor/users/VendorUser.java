package org.ristourne.broker.vendor.users;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.VendorId;

/** One person who signs in to a vendor's console (vendor_user); personal data, never in events. */
public record VendorUser(String userId, VendorId vendorId, String email, String displayName, String passwordHash,
                         int failedSignIns, @Nullable Instant lockedUntil) {

    public boolean isLockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }
}
