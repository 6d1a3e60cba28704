package org.ristourne.broker.testing;

import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.privacy.PersonalData;

/**
 * Seals visibly and deterministically, so that a fixture's expected events state whose key a text was sealed for:
 * {@code pd1:<customer id>:<text>}. Not encryption; the real sealing is tested in the privacy package.
 */
public final class FakePersonalData implements PersonalData {

    public static String sealed(CustomerId customer, String text) {
        return "pd1:" + customer.value() + ":" + text;
    }

    @Override
    public String seal(CustomerId customer, String text) {
        return sealed(customer, text);
    }

    @Override
    public @Nullable String open(CustomerId customer, String stored) {
        String prefix = "pd1:" + customer.value() + ":";
        return stored.startsWith(prefix) ? stored.substring(prefix.length()) : null;
    }
}
