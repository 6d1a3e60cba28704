package org.ristourne.ledger.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The oracle itself checked against the worked example of docs/ledger.md, computed by hand. */
class SplitRuleOracleTest {

    @Test
    void workedExampleSplitsAsDocumented() {
        assertThat(SplitRuleOracle.split(4200, 2000, 2500))
                .isEqualTo(new SplitRuleOracle.Parts(3360, 210, 630, 840));
    }

    @Test
    void workedExampleRefundLeavesWhatTheDocumentSays() {
        // 50.00 of 129.99 refunded: margin 16.15 refunded, so pool 3.23, fee 0.80, rebate 2.43 reversed.
        assertThat(SplitRuleOracle.refundedMargin(4200, 12999, 5000)).isEqualTo(1615);
        assertThat(SplitRuleOracle.standing(12999, 4200, 5000, 2000, 2500))
                .isEqualTo(new SplitRuleOracle.Parts(3360 - 1292, 210 - 80, 630 - 243, 840 - 323));
    }
}
