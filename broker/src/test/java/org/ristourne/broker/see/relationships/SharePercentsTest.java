package org.ristourne.broker.see.relationships;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.text.ParseException;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SharePercentsTest {

    @ParameterizedTest(name = "{0} bps shared, {1} bps fee: {2} offered, {3} yours, {4} Ristourne''s")
    @CsvSource({
            "2000, 2500, 20%, 15%, 5%",
            "1000, 2000, 10%, 8%, 2%",
            "1234, 2500, 12.34%, 9.26%, 3.08%",
            "1, 3333, 0.01%, 0.01%, 0%",
            "10000, 0, 100%, 100%, 0%",
            "500, 10000, 5%, 0%, 5%"})
    void sharesInTheCustomersWords(int shareBps, int feeBps, String offered, String yours, String ristourne) {
        SharePercents share = SharePercents.of(shareBps, feeBps, Locale.ENGLISH);

        assertThat(share.shareBps()).isEqualTo(shareBps);
        assertThat(share.offered()).isEqualTo(offered);
        assertThat(share.yours()).isEqualTo(yours);
        assertThat(share.ristourne()).isEqualTo(ristourne);
    }

    @ParameterizedTest
    @CsvSource({"1234, 2500", "1235, 3333", "777, 1111", "2001, 2499", "9999, 5001"})
    void theTwoPartsAlwaysAddUpToWhatIsShared(int shareBps, int feeBps) throws ParseException {
        SharePercents share = SharePercents.of(shareBps, feeBps, Locale.ENGLISH);
        NumberFormat percent = NumberFormat.getPercentInstance(Locale.ENGLISH);

        BigDecimal yours = new BigDecimal(percent.parse(share.yours()).toString());
        BigDecimal ristourne = new BigDecimal(percent.parse(share.ristourne()).toString());
        assertThat(yours.add(ristourne).movePointRight(4).intValueExact()).isEqualTo(shareBps);
    }

    @ParameterizedTest
    @CsvSource({"2000, 2500", "1234, 2500"})
    void frenchWritesPercentagesTheFrenchWay(int shareBps, int feeBps) {
        SharePercents share = SharePercents.of(shareBps, feeBps, Locale.FRENCH);

        assertThat(share.offered()).matches("\\d+(,\\d+)?\\h%");
        assertThat(share.yours()).doesNotContain(".");
    }
}
