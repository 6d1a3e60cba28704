package org.ristourne.broker.see.vendorstatements;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatementCsvTest {

    @ParameterizedTest(name = "{0} is written {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "=HYPERLINK(\"http://x\")|`\"'=HYPERLINK(\"\"http://x\"\")\"`",
            "+1+1|'+1+1",
            "-2+3|'-2+3",
            "@SUM(A1)|'@SUM(A1)",
            "ord_1001|ord_1001",
            "129.99|129.99",
            "a,b|`\"a,b\"`",
            "say \"hi\"|`\"say \"\"hi\"\"\"`",
            "=a,b|`\"'=a,b\"`"})
    void cellsAreGuardedAgainstFormulasThenQuotedAsRfc4180Says(String field, String written) {
        StringBuilder csv = new StringBuilder();
        StatementCsv.line(csv, List.of(field));
        assertThat(csv.toString()).isEqualTo(written + "\r\n");
    }

    @org.junit.jupiter.api.Test
    void aTabOrCarriageReturnFirstIsGuardedAndALineBreakQuoted() {
        assertThat(StatementCsv.guard("\t=1")).isEqualTo("'\t=1");
        assertThat(StatementCsv.quote(StatementCsv.guard("\r=1"))).isEqualTo("\"'\r=1\"");
        assertThat(StatementCsv.quote("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(StatementCsv.guard("")).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void eachLineEndsWithCrLfAndTheHeaderComesFirst() {
        assertThat(StatementCsv.of(List.of())).isEqualTo(String.join(",", StatementCsv.HEADER) + "\r\n");
    }
}
