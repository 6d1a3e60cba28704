package org.ristourne.broker.api.vendor;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.ristourne.broker.api.AgreementTerms;
import org.ristourne.broker.api.VendorId;

/** An operator onboards a vendor with its first agreement and its first webhook signing secret (by id only). */
public record OnboardVendor(
        @TargetAggregateIdentifier VendorId vendorId,
        String displayName,
        AgreementTerms terms,
        String webhookSecretId,
        Instant at) {
}
