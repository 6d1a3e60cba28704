package org.ristourne.broker.see.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A funded line's state follows from its amounts: CREDITED (payouts are credits on the customer's Stripe balance) once
 * payouts cover the rebate that still stands.
 */
class StatementLineStateTest {

    @ParameterizedTest(name = "{0} with rebate {1} and paid {2} reads {3}")
    @CsvSource({
            "PAYABLE, 630, 0, PAYABLE",
            "PAYABLE, 630, 629, PAYABLE",
            "PAYABLE, 630, 630, CREDITED",
            "CREDITED, 630, 0, PAYABLE",
            "CREDITED, 387, 630, CREDITED",
            "CREDITED, 0, 0, CREDITED",
            "PAYABLE, 0, 0, PAYABLE",
            "CONFIRMED, 630, 630, CONFIRMED",
            "REFUNDED, 0, 630, REFUNDED",
    })
    void aFundedLineIsCreditedOncePayoutsCoverItsStandingRebate(String state, long rebate, long paid,
                                                                  String expected) {
        assertThat(CustomerStatementProjection.stateAfterPayouts(state, rebate, paid)).isEqualTo(expected);
    }
}
