package org.ristourne.billing.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ristourne.ledger.money.Money;

class StripeAmountTest {

    @ParameterizedTest(name = "{0} {1} goes to Stripe as {2} {3}")
    @CsvSource({
            "630,  EUR, 630,  eur",
            "500,  JPY, 500,  jpy",
            "1250, KWD, 1250, kwd",
            "7,    KRW, 7,    krw",
            "199,  USD, 199,  usd",
            "1990, BHD, 1990, bhd"})
    void amountsStripeCountsLikeIsoPassUnchangedWithALowercaseCode(long minor, String code, long value,
                                                                   String currency) {
        assertThat(StripeAmount.of(Money.of(minor, code))).isEqualTo(new StripeAmount(value, currency));
    }

    @ParameterizedTest(name = "{0} {1} is refused")
    @CsvSource({
            "1255, KWD",   // Stripe wants the last of three decimals to be 0
            "1001, TND",
            "500,  ISK",   // two decimals in Stripe's API, none in ISO
            "500,  MGA",   // zero-decimal in Stripe, two in ISO
            "500,  UGX"})  // special backwards-compatibility rules
    void amountsStripeCannotTakeExactlyAreRefusedNotConverted(long minor, String code) {
        assertThatThrownBy(() -> StripeAmount.of(Money.of(minor, code)))
                .isInstanceOf(StripeAmount.UnsupportedStripeAmount.class)
                .hasMessageContaining(code);
    }
}
