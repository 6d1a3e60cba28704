package org.ristourne.broker.api.see;

import org.ristourne.ledger.money.Money;

/** One per currency, for a period: fees on sales reported, fees reversed by refunds, and fees earned by confirmation. */
public record BrokerFeeReport(Money feesBooked, Money feesReversed, Money feesEarned) {
}
