/**
 * The broker's messages: ids, value types, and per aggregate its commands and events, all immutable records. Events
 * carry no secret and no personal data beyond Ristourne's own ids.
 */
@NullMarked
package org.ristourne.broker.api;

import org.jspecify.annotations.NullMarked;
