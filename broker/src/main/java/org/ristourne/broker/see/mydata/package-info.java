/**
 * A customer's own data, all of it, downloaded as one JSON document from the account page: what the customer gave
 * (profile), what the customer chose (relationships, subscription, the consent history of both), what vendors reported
 * of the customer's purchases (sales with their lines and refunds) and what Ristourne owes and paid (statement,
 * payouts, credits).
 */
@NullMarked
package org.ristourne.broker.see.mydata;

import org.jspecify.annotations.NullMarked;
