package org.ristourne.broker.api.share;

import java.util.List;

/**
 * A settled payout, recorded beside its posting, as the sales it covered: the lines' amounts add up to the payout's
 * amount exactly. The rule that chose them is in docs/ledger.md ("Payouts").
 */
public record PayoutAllocated(String bookId, String customerId, String payoutId, List<PayoutLine> lines) {

    public PayoutAllocated {
        lines = List.copyOf(lines);
    }
}
