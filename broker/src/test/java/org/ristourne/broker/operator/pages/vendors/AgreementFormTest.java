package org.ristourne.broker.operator.pages.vendors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Currency;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ristourne.broker.api.AgreementTerms;
import org.ristourne.ledger.money.BasisPoints;

class AgreementFormTest {

    @ParameterizedTest
    @CsvSource({"20, 2000", "12.5, 1250", "'12,5', 1250", "0, 0", "100, 10000", "0.01, 1", "7 %, 700"})
    void percentagesBecomeExactBasisPoints(String typed, int bps) {
        AgreementForm.Parsed parsed = new AgreementForm(typed, "25", "14", "", "EUR").terms();
        assertThat(parsed.mistakes()).isEmpty();
        assertThat(parsed.terms().shareBps()).isEqualTo(BasisPoints.of(bps));
    }

    @ParameterizedTest
    @CsvSource({"150", "-1", "12.345", "twenty", "''", "100.01"})
    void aShareThatIsNoWholeBasisPointsWithinAHundredPercentIsAMistake(String typed) {
        AgreementForm.Parsed parsed = new AgreementForm(typed, "25", "14", "", "EUR").terms();
        assertThat(parsed.terms()).isNull();
        assertThat(parsed.mistakes()).extracting(AgreementForm.Mistake::field).containsExactly("sharePercent");
    }

    @ParameterizedTest
    @CsvSource({"91", "-1", "1.5", "''"})
    void holdDaysOutsideZeroToNinetyAreAMistake(String typed) {
        assertThat(new AgreementForm("20", "25", typed, "", "EUR").terms().mistakes())
                .extracting(AgreementForm.Mistake::field).containsExactly("holdDays");
    }

    @ParameterizedTest
    @CsvSource({"EURO", "''", "XAU", "'EUR, ABC'"})
    void currenciesMustBeKnownCodesWithMinorUnits(String typed) {
        assertThat(new AgreementForm("20", "25", "14", "", typed).terms().mistakes())
                .extracting(AgreementForm.Mistake::field).containsExactly("currencies");
    }

    @Test
    void everyMistakeIsNamedAtOnce() {
        assertThat(new AgreementForm("x", "y", "z", "w", "v").terms().mistakes())
                .extracting(AgreementForm.Mistake::field).containsExactly("sharePercent", "brokerFeePercent",
                        "defaultMarginPercent", "holdDays", "currencies");
    }

    @Test
    void currenciesAreReadInAnyCaseAndSeparator() {
        AgreementTerms terms = new AgreementForm("20", "25", "0", "42", "eur usd;jpy").terms().terms();
        assertThat(terms.currencies()).containsExactlyInAnyOrder(Currency.getInstance("EUR"),
                Currency.getInstance("USD"), Currency.getInstance("JPY"));
        assertThat(terms.defaultMarginBps()).isEqualTo(BasisPoints.of(4200));
    }

    @Test
    void termsInForceFillTheFormBackToTheSameTerms() {
        AgreementTerms terms = new AgreementTerms(BasisPoints.of(1250), BasisPoints.of(2000), 30, null,
                Set.of(Currency.getInstance("USD"), Currency.getInstance("EUR")));
        AgreementForm form = AgreementForm.of(terms);
        assertThat(form).isEqualTo(new AgreementForm("12.5", "20", "30", "", "EUR, USD"));
        assertThat(form.terms().terms()).isEqualTo(terms);
    }

    @Test
    void percentagesAreShownInTheLocalesStyle() {
        assertThat(AgreementForm.percent(BasisPoints.of(1250), Locale.ENGLISH)).isEqualTo("12.5%");
        assertThat(AgreementForm.percent(BasisPoints.of(1250), Locale.FRENCH)).matches("12,5\\h%");
    }
}
