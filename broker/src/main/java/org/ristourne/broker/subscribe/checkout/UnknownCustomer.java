package org.ristourne.broker.subscribe.checkout;

/** No registered customer has that id. */
public final class UnknownCustomer extends RuntimeException {

    UnknownCustomer(String message) {
        super(message, null, false, false);
    }
}
