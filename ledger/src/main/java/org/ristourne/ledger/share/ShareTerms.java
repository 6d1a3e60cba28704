package org.ristourne.ledger.share;

import org.ristourne.ledger.money.BasisPoints;

/** The agreement's rates frozen into a sale: the part of the margin shared, and the broker's part of that pool. */
public record ShareTerms(BasisPoints shareBps, BasisPoints brokerFeeBps) {
}
