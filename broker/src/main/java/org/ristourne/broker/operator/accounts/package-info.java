/**
 * Named operator accounts: who may use the operator API and the operator's pages, each signing in with their own
 * name and password, the first one from configuration (OperatorBootstrap).
 */
@NullMarked
package org.ristourne.broker.operator.accounts;

import org.jspecify.annotations.NullMarked;
