package org.ristourne.support.fuzz;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The vendor webhook's contract as docs/api.md states it, written apart from the broker's parser: what a report must
 * be for the broker to store it. A fuzz test asks it about every report the broker accepted; any report it finds
 * wanting was wrongly accepted. (Rules that need the database, such as whether a customerRef is open or a currency in
 * the agreement, are the aggregates' and are left out: what is checked here is what the body alone decides.)
 */
public final class ReportContract {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final Pattern CUSTOMER_REF = Pattern.compile("cref_[a-z2-7]{26}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final long MAX_AMOUNT = 1_000_000_000_000_000L;
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ReportContract() {
    }

    /** Why this body is not a report the broker may store, or null if it is one. */
    public static @Nullable String violation(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return "not UTF-8";
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            return "not JSON, or a key twice: " + e.getOriginalMessage();
        }
        if (root == null || !root.isObject() || !root.path("data").isObject()) {
            return "not an object with an object 'data'";
        }
        JsonNode data = root.path("data");
        String type = root.path("type").isString() ? root.path("type").asString() : null;
        if ("sale.completed".equals(type)) {
            return saleCompleted(data);
        }
        if ("sale.refunded".equals(type)) {
            return first(id(data, "saleId"), id(data, "refundId"), amount(data.get("amount"), 1, "amount"),
                    instant(data, "refundedAt"));
        }
        return "type is " + root.path("type");
    }

    private static @Nullable String saleCompleted(JsonNode data) {
        String problem = first(id(data, "saleId"), matches(data, "customerRef", CUSTOMER_REF),
                matches(data, "currency", CURRENCY), amount(data.get("amount"), 1, "amount"),
                instant(data, "completedAt"));
        if (problem != null) {
            return problem;
        }
        JsonNode margin = data.get("margin");
        if (margin != null && !margin.isNull()) {
            String marginProblem = amount(margin, 0, "margin");
            if (marginProblem != null) {
                return marginProblem;
            }
            if (margin.asLong() > data.get("amount").asLong()) {
                return "margin above amount";
            }
        }
        JsonNode lines = data.get("lines");
        if (lines == null || lines.isNull()) {
            return null;
        }
        if (!lines.isArray() || lines.size() > 500) {
            return "lines not an array of at most 500";
        }
        for (JsonNode line : lines) {
            if (!line.isObject()) {
                return "a line is not an object";
            }
            JsonNode description = line.get("description");
            if (description == null || !description.isString() || description.asString().isBlank()
                    || description.asString().length() > 500 || !wellFormed(description.asString())) {
                return "a line's description is not 1 to 500 characters of text";
            }
            JsonNode quantity = line.get("quantity");
            if (quantity == null || !quantity.isIntegralNumber() || !quantity.canConvertToLong()
                    || quantity.asLong() < 1 || quantity.asLong() > 1_000_000) {
                return "a line's quantity is not 1 to 1,000,000";
            }
            String amountProblem = amount(line.get("amount"), 0, "line amount");
            if (amountProblem != null) {
                return amountProblem;
            }
        }
        return null;
    }

    private static @Nullable String id(JsonNode data, String field) {
        return matches(data, field, ID);
    }

    private static @Nullable String matches(JsonNode data, String field, Pattern pattern) {
        JsonNode value = data.get(field);
        return value != null && value.isString() && pattern.matcher(value.asString()).matches() ? null
                : field + " does not match " + pattern;
    }

    private static @Nullable String amount(@Nullable JsonNode value, long least, String field) {
        return value != null && value.isIntegralNumber() && value.canConvertToLong() && value.asLong() >= least
                && value.asLong() <= MAX_AMOUNT ? null : field + " is not an integer from " + least + " to 10^15";
    }

    private static @Nullable String instant(JsonNode data, String field) {
        JsonNode value = data.get(field);
        if (value == null || !value.isString() || value.asString().length() > 40) {
            return field + " is not an instant of at most 40 characters";
        }
        try {
            Instant instant = OffsetDateTime.parse(value.asString()).toInstant();
            return instant.isBefore(Instant.EPOCH) || instant.isAfter(LAST) ? field + " outside 1970 to 9999" : null;
        } catch (DateTimeParseException e) {
            return field + " is not ISO-8601";
        }
    }

    /** Text, as opposed to UTF-16 code units: no surrogate without its pair. */
    private static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static @Nullable String first(@Nullable String... problems) {
        for (String problem : problems) {
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }
}
