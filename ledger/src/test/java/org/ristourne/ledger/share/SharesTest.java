package org.ristourne.ledger.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.ristourne.ledger.money.Money;

class SharesTest {

    private static final ShareTerms TWENTY_PERCENT_QUARTER_FEE = ShareTerms.of(2000, 2500);

    @Test
    void workedExampleInEuros() {
        Shares shares = Shares.split(Money.of(4200, "EUR"), TWENTY_PERCENT_QUARTER_FEE);

        assertThat(shares.pool()).isEqualTo(Money.of(840, "EUR"));
        assertThat(shares.brokerFee()).isEqualTo(Money.of(210, "EUR"));
        assertThat(shares.customerRebate()).isEqualTo(Money.of(630, "EUR"));
        assertThat(shares.vendorRetained()).isEqualTo(Money.of(3360, "EUR"));
    }

    @Test
    void fiftyEuroRefundOfTheWorkedExampleReversesItsShareOfTheMargin() {
        Money margin = Money.of(4200, "EUR");
        Money amount = Money.of(12999, "EUR");

        assertThat(Shares.refundedMargin(margin, amount, Money.of(5000, "EUR"))).isEqualTo(Money.of(1615, "EUR"));
        Shares reversed = Shares.refundDelta(margin, amount, Money.zero(amount.currency()), Money.of(5000, "EUR"),
                TWENTY_PERCENT_QUARTER_FEE);
        assertThat(reversed.pool()).isEqualTo(Money.of(323, "EUR"));
        assertThat(reversed.brokerFee()).isEqualTo(Money.of(80, "EUR"));
        assertThat(reversed.customerRebate()).isEqualTo(Money.of(243, "EUR"));
        assertThat(reversed.vendorRetained()).isEqualTo(Money.of(1292, "EUR"));
    }

    @Test
    void yenHaveNoMinorUnitSoSharesRoundToWholeYen() {
        Shares shares = Shares.split(Money.of(4200, "JPY"), TWENTY_PERCENT_QUARTER_FEE);
        assertThat(shares.pool()).isEqualTo(Money.of(840, "JPY"));
        assertThat(shares.customerRebate()).isEqualTo(Money.of(630, "JPY"));
        Shares reversed = Shares.refundDelta(Money.of(4200, "JPY"), Money.of(12999, "JPY"), Money.zero(
                shares.pool().currency()), Money.of(5000, "JPY"), TWENTY_PERCENT_QUARTER_FEE);
        assertThat(reversed.margin()).isEqualTo(Money.of(1615, "JPY"));
        assertThat(reversed.customerRebate()).isEqualTo(Money.of(243, "JPY"));
    }

    @Test
    void kuwaitiDinarsKeepThreeDecimals() {
        Shares shares = Shares.split(Money.of(42_000, "KWD"), TWENTY_PERCENT_QUARTER_FEE);
        assertThat(shares.pool().toDecimalString()).isEqualTo("8.400");
        assertThat(shares.brokerFee().toDecimalString()).isEqualTo("2.100");
        assertThat(shares.customerRebate().toDecimalString()).isEqualTo("6.300");
        Shares reversed = Shares.refundDelta(Money.of(42_000, "KWD"), Money.of(129_990, "KWD"),
                Money.zero(shares.pool().currency()), Money.of(50_000, "KWD"), TWENTY_PERCENT_QUARTER_FEE);
        assertThat(reversed.margin().toDecimalString()).isEqualTo("16.155");
        assertThat(reversed.pool().toDecimalString()).isEqualTo("3.231");
        assertThat(reversed.brokerFee().toDecimalString()).isEqualTo("0.807");
        assertThat(reversed.customerRebate().toDecimalString()).isEqualTo("2.424");
    }

    @Test
    void leftoverMinorUnitsStayWithTheVendorThenTheCustomer() {
        Shares shares = Shares.split(Money.of(1, "EUR"), ShareTerms.of(9999, 9999));
        assertThat(shares.pool()).isEqualTo(Money.of(0, "EUR"));
        assertThat(shares.vendorRetained()).isEqualTo(Money.of(1, "EUR"));
        Shares small = Shares.split(Money.of(3, "EUR"), ShareTerms.of(10000, 5000));
        assertThat(small.brokerFee()).isEqualTo(Money.of(1, "EUR"));
        assertThat(small.customerRebate()).isEqualTo(Money.of(2, "EUR"));
    }

    @Test
    void hugeMarginsDoNotOverflow() {
        Shares shares = Shares.split(Money.of(Long.MAX_VALUE, "EUR"), ShareTerms.of(10000, 10000));
        assertThat(shares.pool().minorUnits()).isEqualTo(Long.MAX_VALUE);
        assertThat(Shares.refundedMargin(Money.of(Long.MAX_VALUE - 1, "EUR"), Money.of(Long.MAX_VALUE, "EUR"),
                Money.of(Long.MAX_VALUE, "EUR")).minorUnits()).isEqualTo(Long.MAX_VALUE - 1);
    }

    @Test
    void negativeMarginsAndRefundsBeyondTheAmountAreRejected() {
        assertThatThrownBy(() -> Shares.split(Money.of(-1, "EUR"), TWENTY_PERCENT_QUARTER_FEE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Shares.refundedMargin(Money.of(10, "EUR"), Money.of(100, "EUR"),
                Money.of(101, "EUR"))).isInstanceOf(IllegalArgumentException.class);
    }
}
