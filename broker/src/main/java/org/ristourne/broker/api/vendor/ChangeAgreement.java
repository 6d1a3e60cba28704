package org.ristourne.broker.api.vendor;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.ristourne.broker.api.AgreementTerms;
import org.ristourne.broker.api.VendorId;

/** New terms, in force for sales completed from {@code at} on; earlier sales keep the version they were made under. */
public record ChangeAgreement(@TargetAggregateIdentifier VendorId vendorId, AgreementTerms terms, Instant at) {
}
