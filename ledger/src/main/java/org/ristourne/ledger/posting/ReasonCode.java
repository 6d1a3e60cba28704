package org.ristourne.ledger.posting;

/** Why a posting was made; every posting carries one. */
public enum ReasonCode {
    /** A sale was reported: its shares are owed, pending the return window. */
    SHARES_PENDING,
    /** The return window ended: the shares still standing are confirmed. */
    SHARES_CONFIRMED,
    /** Part or all of a sale was refunded: its shares are reversed in proportion. */
    SHARES_REFUNDED,
    /** The vendor paid the pool: the customer's rebate becomes payable. */
    SHARES_FUNDED,
    /** A refund of a sale the vendor had already paid for was deducted from the vendor's next invoice. */
    REFUND_DEDUCTED,
    /** A rebate left as a Stripe credit or payout. */
    REBATE_PAID,
    /** A posting undone by its mirror image, for example a payout that failed. */
    REVERSAL
}
