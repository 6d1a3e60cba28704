package org.ristourne.broker.api;

import org.ristourne.ledger.money.Money;

/** One line of a sale as the vendor reported it; kept for the customer's statement, not used in any share. */
public record SaleLine(String description, int quantity, Money amount) {

    public SaleLine {
        if (description == null || description.isBlank() || description.length() > 500) {
            throw new IllegalArgumentException("a sale line needs a description of 1 to 500 characters");
        }
        if (quantity < 1) {
            throw new IllegalArgumentException("a sale line's quantity must be at least 1, got " + quantity);
        }
    }
}
