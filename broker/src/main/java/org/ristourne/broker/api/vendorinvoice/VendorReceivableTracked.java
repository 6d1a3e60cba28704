package org.ristourne.broker.api.vendorinvoice;

import java.time.Instant;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.posting.ReasonCode;

/** A posting of one of the vendor's sales changed what it owes (see {@link TrackVendorReceivable}). */
public record VendorReceivableTracked(String invoicingId, String saleKey, String postingId, ReasonCode reason,
                                      Money change, Instant postedAt) {
}
