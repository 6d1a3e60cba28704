package org.ristourne.broker.api.see;

import org.ristourne.ledger.money.Money;

/**
 * One per currency, for one vendor and period: pools of sales reported, pools given back by refunds, pools funded, and
 * what the vendor owes at the end of the period (negative: what Ristourne owes it).
 */
public record VendorStatement(Money sharesOwed, Money sharesRefunded, Money sharesFunded, Money balanceAtEnd) {
}
