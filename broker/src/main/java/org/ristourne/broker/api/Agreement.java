package org.ristourne.broker.api;

import java.time.Instant;

/** One version of a vendor's agreement, in force for sales completed from {@code effectiveFrom} on. */
public record Agreement(int version, Instant effectiveFrom, AgreementTerms terms) {

    public Agreement {
        if (version < 1) {
            throw new IllegalArgumentException("agreement versions start at 1, got " + version);
        }
    }
}
