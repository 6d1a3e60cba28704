package org.ristourne.broker.api;

import java.util.Currency;
import java.util.Set;
import java.util.TreeSet;
import java.util.Comparator;
import org.jspecify.annotations.Nullable;
import org.ristourne.ledger.money.BasisPoints;
import org.ristourne.ledger.share.ShareTerms;

/**
 * What a vendor agrees to share: {@code shareBps} of each sale's margin goes to the pool, {@code brokerFeeBps} of the
 * pool to Ristourne and the rest to the customer; a sale is confirmed {@code holdDays} after completion (the return
 * window); {@code defaultMarginBps} of the amount stands for the margin when a report carries none.
 */
public record AgreementTerms(
        BasisPoints shareBps,
        BasisPoints brokerFeeBps,
        int holdDays,
        @Nullable BasisPoints defaultMarginBps,
        Set<Currency> currencies) {

    public static final int MAX_HOLD_DAYS = 90;

    public AgreementTerms {
        if (holdDays < 0 || holdDays > MAX_HOLD_DAYS) {
            throw new IllegalArgumentException("holdDays must be within 0..90, got " + holdDays);
        }
        if (currencies == null || currencies.isEmpty()) {
            throw new IllegalArgumentException("an agreement accepts at least one currency");
        }
        TreeSet<Currency> sorted = new TreeSet<>(Comparator.comparing(Currency::getCurrencyCode));
        for (Currency currency : currencies) {
            if (currency.getDefaultFractionDigits() < 0) {
                throw new IllegalArgumentException(currency.getCurrencyCode() + " has no minor unit");
            }
            sorted.add(currency);
        }
        currencies = java.util.Collections.unmodifiableSortedSet(sorted);
    }

    public boolean accepts(Currency currency) {
        return currencies.contains(currency);
    }

    public ShareTerms shareTerms() {
        return new ShareTerms(shareBps, brokerFeeBps);
    }
}
