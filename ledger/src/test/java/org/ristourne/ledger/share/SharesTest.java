package org.ristourne.ledger.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ristourne.ledger.money.Money;

/** The worked example of docs/ledger.md, by hand, in currencies of exponent 2, 0 and 3. */
class SharesTest {

    private static final ShareTerms TWENTY_PERCENT_QUARTER_FEE = ShareTerms.of(2000, 2500);

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // currency, margin, pool, fee, rebate, vendor
            "EUR, 4200, 840, 210, 630, 3360",
            "JPY, 4200, 840, 210, 630, 3360",
            "KWD, 42000, 8400, 2100, 6300, 33600"})
    void theWorkedExampleSplitsAsDocumented(String currency, long margin, long pool, long fee, long rebate,
                                            long vendor) {
        assertParts(Shares.split(Money.of(margin, currency), TWENTY_PERCENT_QUARTER_FEE), currency, pool, fee, rebate,
                vendor);
    }

    private static void assertParts(Shares shares, String currency, long pool, long fee, long rebate, long vendor) {
        assertThat(shares.pool()).isEqualTo(Money.of(pool, currency));
        assertThat(shares.brokerFee()).isEqualTo(Money.of(fee, currency));
        assertThat(shares.customerRebate()).isEqualTo(Money.of(rebate, currency));
        assertThat(shares.vendorRetained()).isEqualTo(Money.of(vendor, currency));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // currency, amount, margin, refund, refunded margin, pool, fee, rebate, vendor reversed
            "EUR, 12999, 4200, 5000, 1615, 323, 80, 243, 1292",
            "JPY, 12999, 4200, 5000, 1615, 323, 80, 243, 1292",
            // the extra decimal keeps a fils that EUR rounds away
            "KWD, 129990, 42000, 50000, 16155, 3231, 807, 2424, 12924"})
    void theWorkedExampleRefundReversesItsShareOfTheMargin(String currency, long amount, long margin, long refund,
                                                          long refundedMargin, long pool, long fee, long rebate,
                                                          long vendor) {
        Money m = Money.of(margin, currency);
        Money a = Money.of(amount, currency);

        assertThat(Shares.refundedMargin(m, a, Money.of(refund, currency))).isEqualTo(Money.of(refundedMargin,
                currency));
        assertParts(Shares.refundDelta(m, a, Money.zero(a.currency()), Money.of(refund, currency),
                TWENTY_PERCENT_QUARTER_FEE), currency, pool, fee, rebate, vendor);
    }

    @ParameterizedTest(name = "margin {0} at {1}/{2} bps")
    @CsvSource({
            // margin, shareBps, brokerFeeBps, pool, fee, rebate, vendor
            "1, 9999, 9999, 0, 0, 0, 1",
            "3, 10000, 5000, 3, 1, 2, 0"})
    void leftoverMinorUnitsStayWithTheVendorThenTheCustomer(long margin, int shareBps, int feeBps, long pool,
                                                           long fee, long rebate, long vendor) {
        assertParts(Shares.split(Money.of(margin, "EUR"), ShareTerms.of(shareBps, feeBps)), "EUR", pool, fee, rebate,
                vendor);
    }

    @Test
    void theLargestMarginSplitsWithoutOverflow() {
        Shares shares = Shares.split(Money.of(Long.MAX_VALUE, "EUR"), ShareTerms.of(10000, 10000));
        assertThat(shares.pool().minorUnits()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void theLargestRefundedMarginIsComputedWithoutOverflow() {
        assertThat(Shares.refundedMargin(Money.of(Long.MAX_VALUE - 1, "EUR"), Money.of(Long.MAX_VALUE, "EUR"),
                Money.of(Long.MAX_VALUE, "EUR")).minorUnits()).isEqualTo(Long.MAX_VALUE - 1);
    }

    @Test
    void aNegativeMarginIsRejected() {
        assertThatThrownBy(() -> Shares.split(Money.of(-1, "EUR"), TWENTY_PERCENT_QUARTER_FEE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refundsBeyondTheAmountAreRejected() {
        assertThatThrownBy(() -> Shares.refundedMargin(Money.of(10, "EUR"), Money.of(100, "EUR"),
                Money.of(101, "EUR"))).isInstanceOf(IllegalArgumentException.class);
    }
}
