/**
 * The vendor console's delivery log page and its test-send button: what became of each signed delivery, and a sample
 * report signed with the vendor's current secret, sent over HTTP to the vendor's own webhook so that its developer
 * sees a real answer.
 */
@NullMarked
package org.ristourne.broker.see.deliveries;

import org.jspecify.annotations.NullMarked;
