package org.ristourne.broker.report.vendorwebhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.RefundId;
import org.ristourne.broker.api.SaleId;
import org.ristourne.broker.api.VendorId;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a report's JSON strictly: the exact types of the contract (integers for money, ISO-8601 instants), duplicate
 * keys and trailing content refused, and every value within the limits of docs/api.md, so that nothing reaches the
 * database that its columns cannot hold. Anything that is not a well-formed report is a 400 naming the field; whether
 * a well-formed report is acceptable (amounts, currencies, customers) is for the aggregates to say.
 */
class VendorReportParser {

    static final String SALE_COMPLETED = "sale.completed";
    static final String SALE_REFUNDED = "sale.refunded";
    static final int MAX_LINES = 500;
    static final int MAX_DESCRIPTION = 500;
    static final int MAX_QUANTITY = 1_000_000;
    /**
     * 10^15 minor units (ten trillion euros): far above any sale, and low enough that thousands of them still sum
     * within a long in every balance.
     */
    static final long MAX_AMOUNT = 1_000_000_000_000_000L;
    /** Longer than any ISO-8601 instant with nanoseconds and an offset; bounds what a parser is ever handed. */
    private static final int MAX_INSTANT = 40;
    private static final Instant LAST_INSTANT = Instant.parse("9999-12-31T23:59:59.999999999Z");
    private static final int MAX_TYPE = 32;
    static final int MAX_CUSTOMER_REF = 128;
    static final int MAX_CURRENCY = 16;
    /** Any vendor will do to check a sale id's shape: the vendor's own id is checked before the body is read. */
    private static final VendorId ANY_VENDOR = new VendorId("any-vendor");

    private final JsonMapper json = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    VendorReport parse(String body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw malformed("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw malformed("the body must be a JSON object");
        }
        String type = text("type", root.get("type"), MAX_TYPE);
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            throw malformed("field 'data' must be an object");
        }
        return switch (type) {
            case SALE_COMPLETED -> saleCompleted(data);
            case SALE_REFUNDED -> saleRefunded(data);
            default -> throw new IntakeRejection(HttpStatus.BAD_REQUEST, "unknown-event-type",
                    "type must be '" + SALE_COMPLETED + "' or '" + SALE_REFUNDED + "', got '" + type + "'");
        };
    }

    private VendorReport.SaleCompleted saleCompleted(JsonNode data) {
        String saleId = saleId(data);
        // A customerRef or currency that names nothing known is a rule's refusal (422, as the contract says), not a
        // malformed report: only a value too long to be either is refused here.
        String customerRef = text("data.customerRef", data.get("customerRef"), MAX_CUSTOMER_REF);
        String currency = text("data.currency", data.get("currency"), MAX_CURRENCY);
        long amount = amount("data.amount", data.get("amount"));
        JsonNode marginNode = data.get("margin");
        Long margin = marginNode == null || marginNode.isNull() ? null : amount("data.margin", marginNode);
        Instant completedAt = instant("data.completedAt", data.get("completedAt"));
        List<VendorReport.Line> lines = new ArrayList<>();
        JsonNode linesNode = data.get("lines");
        if (linesNode != null && !linesNode.isNull()) {
            if (!linesNode.isArray() || linesNode.size() > MAX_LINES) {
                throw malformed("field 'data.lines' must be an array of at most " + MAX_LINES + " lines");
            }
            for (int i = 0; i < linesNode.size(); i++) {
                lines.add(line("data.lines[" + i + "]", linesNode.get(i)));
            }
        }
        List<List<Object>> canonicalLines = lines.stream()
                .map(line -> List.<Object>of(line.description(), line.quantity(), line.amount())).toList();
        String hash = contentHash(SALE_COMPLETED, saleId, customerRef, currency, amount, margin,
                completedAt.toString(), canonicalLines);
        return new VendorReport.SaleCompleted(saleId, customerRef, currency, amount, margin, completedAt,
                List.copyOf(lines), hash);
    }

    private static VendorReport.Line line(String field, JsonNode line) {
        if (!line.isObject()) {
            throw malformed("field '" + field + "' must be an object");
        }
        long quantity = integer(field + ".quantity", line.get("quantity"));
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            throw malformed("field '" + field + ".quantity' must be an integer from 1 to " + MAX_QUANTITY);
        }
        long amount = amount(field + ".amount", line.get("amount"));
        String description = text(field + ".description", line.get("description"), MAX_DESCRIPTION);
        return new VendorReport.Line(description, (int) quantity, amount);
    }

    private VendorReport.SaleRefunded saleRefunded(JsonNode data) {
        String saleId = saleId(data);
        String refundId = text("data.refundId", data.get("refundId"), 128);
        requireShape("data.refundId", () -> new RefundId(refundId));
        long amount = amount("data.amount", data.get("amount"));
        Instant refundedAt = instant("data.refundedAt", data.get("refundedAt"));
        return new VendorReport.SaleRefunded(saleId, refundId, amount, refundedAt,
                contentHash(SALE_REFUNDED, saleId, refundId, amount, refundedAt.toString()));
    }

    private static String saleId(JsonNode data) {
        String saleId = text("data.saleId", data.get("saleId"), 128);
        requireShape("data.saleId", () -> new SaleId(ANY_VENDOR, saleId));
        return saleId;
    }

    /** The id records hold the rule of what an id may contain; their refusal becomes a 400 naming the field. */
    private static void requireShape(String field, Runnable construction) {
        try {
            construction.run();
        } catch (IllegalArgumentException e) {
            throw malformed("field '" + field + "': " + e.getMessage());
        }
    }

    /** Lengths are checked before anything else looks at the value: a refusal never echoes a huge string. */
    private static String text(String field, @Nullable JsonNode node, int maxLength) {
        if (node == null || !node.isString() || node.asString().isBlank()) {
            throw malformed("field '" + field + "' must be a non-empty string");
        }
        String value = node.asString();
        if (value.length() > maxLength) {
            throw malformed("field '" + field + "' is longer than " + maxLength + " characters");
        }
        if (!wellFormed(value)) {
            // a JSON escape can spell half a surrogate pair: not text, and no store or serializer keeps it
            throw malformed("field '" + field + "' holds an unpaired UTF-16 surrogate escape");
        }
        return value;
    }

    private static boolean wellFormed(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Money is an integer count of minor units: 129.99 EUR is 12999, and "12999" or 129.99 are type errors. */
    private static long amount(String field, @Nullable JsonNode node) {
        long value = integer(field, node);
        if (Math.abs(value) > MAX_AMOUNT) {
            throw malformed("field '" + field + "' is beyond " + MAX_AMOUNT + " minor units");
        }
        return value;
    }

    private static long integer(String field, @Nullable JsonNode node) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
            throw malformed("field '" + field + "' must be an integer (minor units)");
        }
        return node.asLong();
    }

    private static Instant instant(String field, @Nullable JsonNode node) {
        if (node == null || !node.isString() || node.asString().length() > MAX_INSTANT) {
            throw malformed("field '" + field + "' must be an ISO-8601 instant such as 2026-11-24T10:15:30Z");
        }
        Instant value;
        try {
            value = OffsetDateTime.parse(node.asString()).toInstant();
        } catch (DateTimeParseException e) {
            throw malformed("field '" + field + "' must be an ISO-8601 instant such as 2026-11-24T10:15:30Z");
        }
        // ISO-8601 allows years of up to nine digits and a sign; the store keeps microseconds in a long.
        if (value.isBefore(Instant.EPOCH) || value.isAfter(LAST_INSTANT)) {
            throw malformed("field '" + field + "' must be an instant from 1970 to 9999");
        }
        return value;
    }

    /**
     * A digest of the business content: the ordered values as one JSON array. JSON escapes every quote, backslash
     * and control character inside a string and delimits each value, so two different reports can never share a
     * canonical form, whatever their descriptions hold (joining with tabs and newlines could: issue 9).
     */
    private String contentHash(@Nullable Object... values) {
        return sha256(json.writeValueAsString(Arrays.asList(values)));
    }

    static IntakeRejection malformed(String detail) {
        return new IntakeRejection(HttpStatus.BAD_REQUEST, "malformed-report", detail);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
