/**
 * Subscribe: Stripe's signed webhook events about customers' subscriptions (checkout completed, invoice paid,
 * subscription ended, payment failed), verified by billing and acted on exactly once.
 */
@NullMarked
package org.ristourne.broker.subscribe.stripewebhook;

import org.jspecify.annotations.NullMarked;
