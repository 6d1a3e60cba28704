package org.ristourne.broker.api.share;

import org.ristourne.ledger.money.Money;

/**
 * How much of one sale's payable rebate a payout covered: positive for a rebate paid, negative for a sale whose
 * refund after an earlier payout left it owing, netted by this payout.
 */
public record PayoutLine(String saleKey, Money amount) {
}
