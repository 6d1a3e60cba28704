package org.ristourne.broker.api;

import org.ristourne.ledger.money.Money;

/**
 * One line of a sale as the vendor reported it; kept for the customer's statement, not used in any share. In a
 * {@code SaleReported} event the description is sealed under the customer's own key ({@code pd1:…}, see
 * org.ristourne.broker.privacy), since it may describe the customer; events older than sealing hold it in clear.
 */
public record SaleLine(String description, int quantity, Money amount) {

    static final int MAX_DESCRIPTION = 500;
    /** A sealed description of {@value #MAX_DESCRIPTION} characters: 3 UTF-8 bytes each, nonce and tag, base64. */
    static final int MAX_SEALED = 4 + (MAX_DESCRIPTION * 3 + 28 + 2) / 3 * 4;

    public SaleLine {
        if (description == null || description.isBlank()
                || description.length() > (description.startsWith("pd1:") ? MAX_SEALED : MAX_DESCRIPTION)) {
            throw new IllegalArgumentException("a sale line needs a description of 1 to 500 characters");
        }
        if (quantity < 1) {
            throw new IllegalArgumentException("a sale line's quantity must be at least 1, got " + quantity);
        }
    }
}
