/**
 * Starting a customer's subscription: their Stripe Customer (recorded as soon as Stripe made it) and a Checkout
 * Session, through billing's {@code SubscriptionCheckout}. The checkout's outcome comes back by Stripe's webhook.
 */
@NullMarked
package org.ristourne.broker.subscribe.checkout;

import org.jspecify.annotations.NullMarked;
