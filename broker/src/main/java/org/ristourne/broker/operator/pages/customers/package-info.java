/**
 * The operator's customers page: who they are and where their subscription stands, what support needs to answer
 * a customer, and nothing of what they bought.
 */
@NullMarked
package org.ristourne.broker.operator.pages.customers;

import org.jspecify.annotations.NullMarked;
