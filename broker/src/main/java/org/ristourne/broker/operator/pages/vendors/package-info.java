/**
 * The operator's vendor pages: every vendor with its state and agreement, onboarding (its signing secret shown once),
 * suspension and reinstatement, new agreement versions and vendor users (their first password shown once). Every
 * change goes through the commands and services the operator API uses, so a rule lives in one place.
 */
@NullMarked
package org.ristourne.broker.operator.pages.vendors;

import org.jspecify.annotations.NullMarked;
