/**
 * Demonstration data for trying the broker on one's own machine ({@code ristourne.demo.enabled}, off by default):
 * a vendor, a subscribed customer who can sign in, and sales in each state the statement knows, all recorded through
 * the same commands and services as real data. Nothing here is reached by the business flow.
 */
@NullMarked
package org.ristourne.broker.demo;

import org.jspecify.annotations.NullMarked;
