package org.ristourne.broker.privacy;

import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.CustomerId;

/**
 * The one way in and out of events for a customer's personal free text. What {@link #seal} returns is what an event
 * may hold; {@link #open} is the only way back to the text, and says {@code null} once the customer is erased.
 */
public interface PersonalData {

    /** {@code text} as an event may hold it: sealed under the customer's key, or withheld if they were erased. */
    String seal(CustomerId customer, String text);

    /**
     * The text an event holds: the clear text of a sealed value (or of a value written before sealing existed, which
     * is returned as it is), or {@code null} when it can no longer be read (the customer's key is erased). Never
     * throws for a value an event holds.
     */
    @Nullable String open(CustomerId customer, String stored);
}
