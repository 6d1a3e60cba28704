package org.ristourne.ledger.share;

import java.util.Objects;
import org.ristourne.ledger.money.BasisPoints;

/** The agreement's rates frozen into a sale: the part of the margin shared, and the broker's part of that pool. */
public record ShareTerms(BasisPoints shareBps, BasisPoints brokerFeeBps) {

    public ShareTerms {
        Objects.requireNonNull(shareBps, "shareBps");
        Objects.requireNonNull(brokerFeeBps, "brokerFeeBps");
    }

    public static ShareTerms of(int shareBps, int brokerFeeBps) {
        return new ShareTerms(BasisPoints.of(shareBps), BasisPoints.of(brokerFeeBps));
    }
}
