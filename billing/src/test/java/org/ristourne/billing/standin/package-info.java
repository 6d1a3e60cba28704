/**
 * Stripe for tests: a stand-in server answering Stripe-shaped JSON from Stripe's own sample objects, and webhook
 * events signed as Stripe signs them. Shared with the broker's tests through billing's test-jar.
 */
@NullMarked
package org.ristourne.billing.standin;

import org.jspecify.annotations.NullMarked;
