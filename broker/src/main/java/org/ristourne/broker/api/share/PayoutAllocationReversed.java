package org.ristourne.broker.api.share;

import java.util.List;

/** A failed payout gave back exactly the lines it had covered: they are payable again, and no other line. */
public record PayoutAllocationReversed(String bookId, String customerId, String payoutId, List<PayoutLine> lines) {

    public PayoutAllocationReversed {
        lines = List.copyOf(lines);
    }
}
