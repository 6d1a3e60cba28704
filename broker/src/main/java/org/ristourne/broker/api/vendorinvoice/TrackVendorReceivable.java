package org.ristourne.broker.api.vendorinvoice;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.ristourne.broker.api.VendorId;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.posting.PostingId;
import org.ristourne.ledger.posting.ReasonCode;

/**
 * A posting of one of the vendor's sales, as it bears on what the vendor owes: {@code change} is the change of its
 * receivable (positive when it owes more; zero for a confirmation, which makes the sale invoiceable).
 */
public record TrackVendorReceivable(@TargetAggregateIdentifier String invoicingId, VendorId vendorId, String saleKey,
                                    PostingId postingId, ReasonCode reason, Money change, Instant postedAt) {
}
