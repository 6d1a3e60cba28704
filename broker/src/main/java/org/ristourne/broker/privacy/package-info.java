/**
 * Crypto-shredding of customers' personal data in events: each customer's free text in events (sale line
 * descriptions) is sealed under a key of the customer's own, kept outside the event store; erasing the customer
 * destroys the key, so those fields become unreadable everywhere, replays included, while amounts, dates and ids stay
 * in clear for the ledger and the vendors' statements. docs/privacy.md says what is kept and why.
 */
@NullMarked
package org.ristourne.broker.privacy;

import org.jspecify.annotations.NullMarked;
