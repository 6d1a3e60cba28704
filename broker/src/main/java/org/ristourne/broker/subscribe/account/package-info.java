/**
 * Customers' accounts: sign-up, sign-in and their personal data (email, name), which live in customer_account and
 * never in events.
 */
@NullMarked
package org.ristourne.broker.subscribe.account;

import org.jspecify.annotations.NullMarked;
