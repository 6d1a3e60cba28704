package org.ristourne.broker.secrets;

/** A stored secret that cannot be decrypted with the configured keys. The message never holds key or secret. */
public class SecretUnreadable extends IllegalStateException {

    SecretUnreadable(String message) {
        super(message);
    }
}
