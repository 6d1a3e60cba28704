package org.ristourne.broker.api.share;

import org.jspecify.annotations.Nullable;
import org.ristourne.ledger.posting.Posting;

/**
 * A balanced posting entered the ledger: the only event the ledger's read models need. {@code saleKey} and
 * {@code vendorId} are null for postings that concern a customer as a whole (payouts).
 */
public record PostingRecorded(
        String bookId,
        @Nullable String saleKey,
        @Nullable String vendorId,
        String customerId,
        Posting posting) {
}
