/**
 * Secrets stored at rest (vendors' webhook signing secrets): AES-256-GCM under a key from configuration, rotation by
 * adding a key and rewriting the rows to it. docs/secrets.md has the procedure.
 */
@NullMarked
package org.ristourne.broker.secrets;

import org.jspecify.annotations.NullMarked;
