package org.ristourne.broker.api.see;

import org.jspecify.annotations.Nullable;
import org.ristourne.ledger.money.Money;

/** One per currency; {@code recoveredBps} is null when nothing was paid for the subscription in the period. */
public record InvestmentRecovered(Money rebatesPaid, Money subscriptionPaid, @Nullable Long recoveredBps) {
}
