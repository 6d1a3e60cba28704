package org.ristourne.broker.report.vendorwebhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a report's JSON strictly: the exact types of the contract (integers for money, ISO-8601 instants), duplicate
 * keys and trailing content refused. Anything that is not a well-formed report is a 400 naming the field; whether a
 * well-formed report is acceptable (amounts, currencies, customers) is for the aggregates to say.
 */
class VendorReportParser {

    static final String SALE_COMPLETED = "sale.completed";
    static final String SALE_REFUNDED = "sale.refunded";
    private static final int MAX_LINES = 500;

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
        String type = text(root, "type");
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
        String saleId = text(data, "data.saleId", data.get("saleId"));
        String customerRef = text(data, "data.customerRef", data.get("customerRef"));
        String currency = text(data, "data.currency", data.get("currency"));
        long amount = integer("data.amount", data.get("amount"));
        JsonNode marginNode = data.get("margin");
        Long margin = marginNode == null || marginNode.isNull() ? null : integer("data.margin", marginNode);
        Instant completedAt = instant("data.completedAt", data.get("completedAt"));
        List<VendorReport.Line> lines = new ArrayList<>();
        JsonNode linesNode = data.get("lines");
        if (linesNode != null && !linesNode.isNull()) {
            if (!linesNode.isArray() || linesNode.size() > MAX_LINES) {
                throw malformed("field 'data.lines' must be an array of at most " + MAX_LINES + " lines");
            }
            for (int i = 0; i < linesNode.size(); i++) {
                JsonNode line = linesNode.get(i);
                String field = "data.lines[" + i + "]";
                if (!line.isObject()) {
                    throw malformed("field '" + field + "' must be an object");
                }
                long quantity = integer(field + ".quantity", line.get("quantity"));
                if (quantity < 1 || quantity > Integer.MAX_VALUE) {
                    throw malformed("field '" + field + ".quantity' must be a positive integer");
                }
                long lineAmount = integer(field + ".amount", line.get("amount"));
                String description = text(line, field + ".description", line.get("description"));
                if (description.length() > 500) {
                    throw malformed("field '" + field + ".description' is longer than 500 characters");
                }
                lines.add(new VendorReport.Line(description, (int) quantity, lineAmount));
            }
        }
        StringBuilder canonical = new StringBuilder().append(SALE_COMPLETED).append('\n').append(saleId).append('\n')
                .append(customerRef).append('\n').append(currency).append('\n').append(amount).append('\n')
                .append(margin).append('\n').append(completedAt).append('\n');
        for (VendorReport.Line line : lines) {
            canonical.append(line.description()).append('\t').append(line.quantity()).append('\t')
                    .append(line.amount()).append('\n');
        }
        return new VendorReport.SaleCompleted(saleId, customerRef, currency, amount, margin, completedAt,
                List.copyOf(lines), sha256(canonical.toString()));
    }

    private VendorReport.SaleRefunded saleRefunded(JsonNode data) {
        String saleId = text(data, "data.saleId", data.get("saleId"));
        String refundId = text(data, "data.refundId", data.get("refundId"));
        long amount = integer("data.amount", data.get("amount"));
        Instant refundedAt = instant("data.refundedAt", data.get("refundedAt"));
        String canonical = SALE_REFUNDED + '\n' + saleId + '\n' + refundId + '\n' + amount + '\n' + refundedAt;
        return new VendorReport.SaleRefunded(saleId, refundId, amount, refundedAt, sha256(canonical));
    }

    private static String text(JsonNode parent, String field) {
        return text(parent, field, parent.get(field));
    }

    private static String text(JsonNode parent, String field, @Nullable JsonNode node) {
        if (node == null || !node.isString() || node.asString().isBlank()) {
            throw malformed("field '" + field + "' must be a non-empty string");
        }
        String value = node.asString();
        if (value.length() > 500) {
            throw malformed("field '" + field + "' is longer than 500 characters");
        }
        return value;
    }

    /** Money is an integer count of minor units: 129.99 EUR is 12999, and "12999" or 129.99 are type errors. */
    private static long integer(String field, @Nullable JsonNode node) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
            throw malformed("field '" + field + "' must be an integer (minor units)");
        }
        return node.asLong();
    }

    private static Instant instant(String field, @Nullable JsonNode node) {
        if (node == null || !node.isString()) {
            throw malformed("field '" + field + "' must be an ISO-8601 instant such as 2026-11-24T10:15:30Z");
        }
        try {
            return java.time.OffsetDateTime.parse(node.asString()).toInstant();
        } catch (DateTimeParseException e) {
            throw malformed("field '" + field + "' must be an ISO-8601 instant such as 2026-11-24T10:15:30Z");
        }
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
