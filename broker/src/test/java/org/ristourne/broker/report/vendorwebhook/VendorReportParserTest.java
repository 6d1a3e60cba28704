package org.ristourne.broker.report.vendorwebhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VendorReportParserTest {

    private static final String REF = "cref_abcdefghijklmnopqrstuvwxyz";
    private static final String AT = "2026-11-24T10:15:30Z";

    private final VendorReportParser parser = new VendorReportParser();

    private static String sale(String envelopeTimestamp, String lines) {
        return """
                {"type":"sale.completed","timestamp":"%s","data":{"saleId":"ord_1","customerRef":"%s",\
                "currency":"EUR","amount":300,"margin":30,"completedAt":"%s","lines":[%s]}}"""
                .formatted(envelopeTimestamp, REF, AT, lines);
    }

    /**
     * One line whose description holds a tab, a quantity, an amount and a newline, against the same text as two
     * lines: joined with tabs and newlines unescaped, both read "Boots\t1\t100\nLaces\t2\t200\n".
     */
    @Test
    void linesWhoseDescriptionsHoldSeparatorsHashApartFromTheLinesTheyMimic() {
        String oneLine = sale(AT, """
                {"description":"Boots\\t1\\t100\\nLaces","quantity":2,"amount":200}""");
        String twoLines = sale(AT, """
                {"description":"Boots","quantity":1,"amount":100},{"description":"Laces","quantity":2,"amount":200}""");

        assertThat(parser.parse(oneLine).contentHash()).isNotEqualTo(parser.parse(twoLines).contentHash());
    }

    @Test
    void theSameSaleSentAgainLaterHashesAlike() {
        String line = """
                {"description":"Boots\\tblack","quantity":1,"amount":300}""";
        assertThat(parser.parse(sale(AT, line)).contentHash())
                .isEqualTo(parser.parse(sale("2026-11-25T00:00:00Z", line)).contentHash());
    }

    @Test
    void aRefundHashesApartFromASaleWithTheSameValues() {
        String refund = """
                {"type":"sale.refunded","timestamp":"%s","data":{"saleId":"ord_1","refundId":"rf_1","amount":300,\
                "refundedAt":"%s"}}""".formatted(AT, AT);
        assertThat(parser.parse(refund).contentHash()).isNotEqualTo(parser.parse(sale(AT, "")).contentHash());
    }
}
