package org.ristourne.broker.privacy;

import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.CustomerId;
import org.springframework.stereotype.Component;

/** {@link PersonalData} under each customer's key of {@link CustomerDataKeys}. */
@Component
record KeyedPersonalData(CustomerDataKeys keys, Clock clock) implements PersonalData {

    @Override
    public String seal(CustomerId customer, String text) {
        return keys.forWriting(customer, clock.instant()).map(key -> SealedText.seal(key, customer, text))
                .orElse(SealedText.WITHHELD);
    }

    @Override
    public @Nullable String open(CustomerId customer, String stored) {
        if (!SealedText.isSealed(stored)) {
            return stored;
        }
        return keys.forReading(customer).flatMap(key -> SealedText.open(key, customer, stored)).orElse(null);
    }
}
