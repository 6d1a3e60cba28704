package org.ristourne.broker.api.see;

import org.ristourne.ledger.money.Money;

/**
 * One per currency, for the postings booked in a period: fees on sales reported, fees reversed by refunds (pending or
 * earned), and fees earned: confirmed, less those that refunds after confirmation took back.
 */
public record BrokerFeeReport(Money feesBooked, Money feesReversed, Money feesEarned) {
}
