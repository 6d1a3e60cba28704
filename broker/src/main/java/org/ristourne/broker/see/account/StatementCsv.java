package org.ristourne.broker.see.account;

import java.util.List;

/**
 * The statement as RFC 4180 CSV: CRLF line ends, and a field quoted (its quotes doubled) only when it holds a comma, a
 * quote or a line break, so plain figures stay plain for a spreadsheet.
 */
final class StatementCsv {

    static final List<String> HEADER = List.of("sale_key", "vendor", "date", "amount", "refunded", "rebate",
            "currency", "state", "state_name", "state_date");

    private StatementCsv() {
    }

    static String of(List<SaleRow> rows) {
        StringBuilder csv = new StringBuilder();
        line(csv, HEADER);
        for (SaleRow row : rows) {
            line(csv, row.csvFields());
        }
        return csv.toString();
    }

    static void line(StringBuilder csv, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(quote(fields.get(i)));
        }
        csv.append("\r\n");
    }

    static String quote(String field) {
        boolean needsQuotes = field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
                || field.indexOf('\r') >= 0;
        return needsQuotes ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }
}
