package org.ristourne.broker.api;

import java.util.regex.Pattern;

/** Validation shared by the id records: every id is a short, printable token that is safe in a URL and a log line. */
final class Ids {

    static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private Ids() {
    }

    static String require(String kind, String value, Pattern pattern) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(kind + " must match " + pattern.pattern() + ", got '" + value + "'");
        }
        return value;
    }
}
