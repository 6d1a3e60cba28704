package org.ristourne.ledger.money;

import java.util.Currency;

/** Two amounts of different currencies were combined; Ristourne never converts between currencies. */
public class CurrencyMismatchException extends IllegalArgumentException {

    public CurrencyMismatchException(Currency expected, Currency actual) {
        super("cannot combine " + expected.getCurrencyCode() + " with " + actual.getCurrencyCode());
    }
}
