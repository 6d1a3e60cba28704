package org.ristourne.ledger.posting;

import java.util.regex.Pattern;

/**
 * A posting's id, derived from the business event that caused it ({@code sale:acme/ord_1:reported}), so that the
 * same event delivered twice names the same posting and cannot post twice.
 */
public record PostingId(String value) {

    private static final Pattern FORMAT = Pattern.compile("\\S{1,200}");

    public PostingId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("a posting id is 1 to 200 characters without spaces, got '" + value + "'");
        }
    }

    public static PostingId of(String... parts) {
        return new PostingId(String.join(":", parts));
    }

    @Override
    public String toString() {
        return value;
    }
}
