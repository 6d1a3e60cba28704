package org.ristourne.broker.api.vendor;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.ristourne.broker.api.OfferId;
import org.ristourne.broker.api.VendorId;

public record WithdrawOffer(@TargetAggregateIdentifier VendorId vendorId, OfferId offerId, Instant at) {
}
