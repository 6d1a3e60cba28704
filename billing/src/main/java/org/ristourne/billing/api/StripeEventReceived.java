package org.ristourne.billing.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A Stripe webhook event whose signature checked out, without any Stripe type: the broker stores {@code eventId} once
 * and acts on {@code type}.
 *
 * @param objectId      the id of the object the event is about ({@code in_…}, {@code cs_…}, {@code sub_…}), absent
 *                      only if Stripe sent an object without one
 * @param apiVersion    the API version Stripe rendered the event in; another version than the library's means the
 *                      webhook endpoint was created with the wrong {@code api_version}
 * @param rawObjectJson the event's {@code data.object} with the fields and values Stripe sent (as JSON text, not a
 *                      Stripe type), for billing to read what it needs
 */
public record StripeEventReceived(String eventId, String type, @Nullable String objectId, Instant created,
                                  @Nullable String apiVersion, String rawObjectJson) {
}
