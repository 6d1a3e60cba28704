/**
 * The vendor console: how the vendor's integration is doing (last report recorded, refused reports where the delivery
 * log knows them, the signing secret's age and any rotation under way), its agreement versions in words, the secret's
 * rotation (the new one shown once) and the user's password. The vendor is always the signed-in user's: no URL names
 * one, so no request can reach another vendor's data.
 */
@NullMarked
package org.ristourne.broker.see.vendorconsole;

import org.jspecify.annotations.NullMarked;
