package org.ristourne.broker.api;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * The pseudonym a vendor knows a customer by, one per relationship: 26 random base-32 characters (130 bits) after
 * {@code cref_}, so it can be neither guessed nor linked across vendors.
 */
public record CustomerRef(String value) {

    private static final Pattern FORMAT = Pattern.compile("cref_[a-z2-7]{26}");
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    public CustomerRef {
        Ids.require("customerRef", value, FORMAT);
    }

    public static CustomerRef random() {
        char[] chars = new char[26];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new CustomerRef("cref_" + new String(chars));
    }

    public static boolean isWellFormed(String value) {
        return value != null && FORMAT.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
