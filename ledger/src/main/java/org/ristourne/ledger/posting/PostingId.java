package org.ristourne.ledger.posting;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A posting's id, derived from the business key of the event that caused it, so that the same event delivered twice
 * names the same posting and cannot post twice. Each part is written with its length ({@code 4:sale|13:acme/ord_1|
 * 8:reported}): parts may hold any separator, so only a length keeps the encoding injective (once, {@code sale x}
 * refunded by {@code r:reported} and {@code sale x:refund:r} reported were one posting), and the id stays readable
 * and decodes back to its parts.
 */
public record PostingId(String value) {

    /**
     * Room for every id the broker can derive, with margin: the longest today is a refund, {@code 4:sale|192:<63-char
     * vendor>/<128-char sale>|6:refund|128:<128-char refund>} at 345 characters; a payout named by a 128-character
     * customer and a 128-character payout id, failed, is under 300. The ledger read model's columns have this size.
     */
    public static final int MAX_LENGTH = 512;

    private static final char LENGTH_END = ':';
    private static final char SEPARATOR = '|';

    public PostingId {
        Objects.requireNonNull(value, "value");
        decode(value);
    }

    /** The one way to build an id: from its parts, each non-empty and free of whitespace and control characters. */
    public static PostingId of(String... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("a posting id needs at least one part");
        }
        StringBuilder value = new StringBuilder();
        for (String part : parts) {
            requirePart(part);
            if (!value.isEmpty()) {
                value.append(SEPARATOR);
            }
            value.append(part.length()).append(LENGTH_END).append(part);
        }
        return new PostingId(value.toString());
    }

    /** The parts this id was built from, in order. */
    public List<String> parts() {
        return decode(value);
    }

    private static List<String> decode(String value) {
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a posting id is at most " + MAX_LENGTH + " characters, got "
                    + value.length() + ": '" + value.substring(0, 80) + "…'");
        }
        List<String> parts = new ArrayList<>();
        int at = 0;
        while (true) {
            int lengthEnd = value.indexOf(LENGTH_END, at);
            String digits = lengthEnd < 0 ? "" : value.substring(at, lengthEnd);
            if (!digits.matches("[1-9][0-9]{0,3}")) {
                throw malformed(value, at);
            }
            int end = lengthEnd + 1 + Integer.parseInt(digits);
            if (end > value.length()) {
                throw malformed(value, at);
            }
            String part = value.substring(lengthEnd + 1, end);
            requirePart(part);
            parts.add(part);
            if (end == value.length()) {
                return parts;
            }
            if (value.charAt(end) != SEPARATOR) {
                throw malformed(value, end);
            }
            at = end + 1;
        }
    }

    private static void requirePart(String part) {
        if (part == null || part.isEmpty()
                || part.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("a posting id's part is non-empty, without whitespace or control"
                    + " characters, got '" + part + "'");
        }
    }

    private static IllegalArgumentException malformed(String value, int at) {
        return new IllegalArgumentException("a posting id is parts written <length>:<part> and joined by '|'; '"
                + value + "' is not, from character " + at);
    }

    @Override
    public String toString() {
        return value;
    }
}
