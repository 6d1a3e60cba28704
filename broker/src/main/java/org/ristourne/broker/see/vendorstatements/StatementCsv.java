package org.ristourne.broker.see.vendorstatements;

import java.util.List;

/**
 * The statement as RFC 4180 CSV, CRLF line ends, a field quoted (its quotes doubled) only when it must be. Sale ids come
 * from the vendor's own systems, so a cell a spreadsheet would read as a formula (starting with = + - @, or a tab or
 * carriage return that some strip before looking) is prefixed with an apostrophe: opening the file never runs anything.
 * Figures are never negative here, so no number is altered by the guard.
 */
final class StatementCsv {

    static final List<String> HEADER = List.of("sale_id", "customer_ref", "date", "currency", "amount", "refunded",
            "margin", "pool", "pool_refunded", "state", "state_name");

    private StatementCsv() {
    }

    static String of(List<VendorStatementsPage.SaleRow> rows) {
        StringBuilder csv = new StringBuilder();
        line(csv, HEADER);
        for (VendorStatementsPage.SaleRow row : rows) {
            line(csv, row.csvFields());
        }
        return csv.toString();
    }

    static void line(StringBuilder csv, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(quote(guard(fields.get(i))));
        }
        csv.append("\r\n");
    }

    static String guard(String field) {
        if (field.isEmpty()) {
            return field;
        }
        char first = field.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + field : field;
    }

    static String quote(String field) {
        boolean needsQuotes = field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
                || field.indexOf('\r') >= 0;
        return needsQuotes ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }
}
