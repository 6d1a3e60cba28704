package org.ristourne.broker.see.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ristourne.ledger.money.Money;

/** The chart's month buckets, the CSV's quoting and the subscription status, without Spring. */
class AccountPageUnitTest {

    private static final Currency EUR = Currency.getInstance("EUR");
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void flowsFallInTheMonthOfThePagesZoneAndOutsideTheWindowAreLeftOut() {
        List<MonthlyChart.Flow> rebates = List.of(
                new MonthlyChart.Flow(Instant.parse("2026-11-03T10:00:00Z"), 630),
                new MonthlyChart.Flow(Instant.parse("2026-11-20T10:00:00Z"), 100),
                // 23:30 UTC on 31 October is already 1 November in Paris.
                new MonthlyChart.Flow(Instant.parse("2026-10-31T23:30:00Z"), 5),
                // A failed payout given back.
                new MonthlyChart.Flow(Instant.parse("2026-03-15T10:00:00Z"), -200),
                // Thirteen months back: outside.
                new MonthlyChart.Flow(Instant.parse("2025-10-15T10:00:00Z"), 9999),
                // Next month: outside.
                new MonthlyChart.Flow(Instant.parse("2026-12-02T10:00:00Z"), 7777));
        List<MonthlyChart.Flow> subscription = List.of(
                new MonthlyChart.Flow(Instant.parse("2025-12-01T00:00:00Z"), 990),
                new MonthlyChart.Flow(Instant.parse("2026-11-01T00:00:00Z"), 990));

        List<MonthlyChart.Month> months = MonthlyChart.buckets(YearMonth.of(2026, 11), PARIS, EUR, rebates,
                subscription, Locale.ENGLISH);

        assertThat(months).hasSize(12);
        assertThat(months.get(0).month()).isEqualTo(YearMonth.of(2025, 12));
        assertThat(months.get(11).month()).isEqualTo(YearMonth.of(2026, 11));
        assertThat(months.get(11).rebates()).isEqualTo(Money.of(735, EUR));
        assertThat(months.get(10).rebates()).isEqualTo(Money.of(0, EUR));
        assertThat(months.get(3).rebates()).isEqualTo(Money.of(-200, EUR));
        assertThat(months.get(0).subscription()).isEqualTo(Money.of(990, EUR));
        assertThat(months.get(11).subscription()).isEqualTo(Money.of(990, EUR));
        assertThat(months.stream().mapToLong(month -> month.rebates().minorUnits()).sum()).isEqualTo(535);
        assertThat(months.get(11).label()).isEqualTo("Nov");
        assertThat(MonthlyChart.buckets(YearMonth.of(2026, 11), PARIS, EUR, rebates, subscription, Locale.FRENCH)
                .get(11).label()).isEqualTo("nov.");
    }

    @Test
    void barsAreScaledToTheLargestFigureAndNegativeMonthsDrawNothing() {
        List<MonthlyChart.Month> months = MonthlyChart.buckets(YearMonth.of(2026, 11), ZoneId.of("UTC"), EUR,
                List.of(new MonthlyChart.Flow(Instant.parse("2026-11-03T10:00:00Z"), 495),
                        new MonthlyChart.Flow(Instant.parse("2026-10-03T10:00:00Z"), -10)),
                List.of(new MonthlyChart.Flow(Instant.parse("2026-11-01T00:00:00Z"), 990)), Locale.ENGLISH);

        MonthlyChart chart = MonthlyChart.of(EUR, months);

        assertThat(chart.bars()).hasSize(24);
        MonthlyChart.Bar november = chart.bars().get(22);
        MonthlyChart.Bar paid = chart.bars().get(23);
        assertThat(november.kind()).isEqualTo("rebates");
        assertThat(paid.height()).isEqualTo(MonthlyChart.PLOT_HEIGHT);
        assertThat(november.height()).isEqualTo(MonthlyChart.PLOT_HEIGHT / 2);
        assertThat(november.y() + november.height()).isEqualTo(chart.baseline());
        assertThat(chart.bars().get(20).height()).as("October's net refund").isZero();
        assertThat(chart.totalRebates()).isEqualTo(Money.of(485, EUR));
        assertThat(chart.totalSubscription()).isEqualTo(Money.of(990, EUR));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "plain|plain",
            "129.99|129.99",
            "'Vendor, Inc.'|'\"Vendor, Inc.\"'",
            "'Le \"bon\" vendeur'|'\"Le \"\"bon\"\" vendeur\"'",
            "'two\nlines'|'\"two\nlines\"'",
            "'En attente (délai de rétractation)'|'En attente (délai de rétractation)'"})
    void fieldsAreQuotedOnlyWhenRfc4180AsksForIt(String field, String expected) {
        assertThat(StatementCsv.quote(field)).isEqualTo(expected);
    }

    @Test
    void linesEndWithCrLfAndTheHeaderComesFirst() {
        StringBuilder csv = new StringBuilder();
        StatementCsv.line(csv, List.of("a", "b,c", ""));
        assertThat(csv.toString()).isEqualTo("a,\"b,c\",\r\n");
        assertThat(StatementCsv.of(List.of())).isEqualTo(
                "sale_key,vendor,date,amount,refunded,rebate,currency,state,state_name,state_date\r\n");
    }

    @Test
    void subscribedUntilTheEndOfTheRunOfPeriodsThatHoldsToday() {
        Instant now = Instant.parse("2026-11-26T12:00:00Z");
        List<AccountReads.Period> periods = List.of(
                new AccountReads.Period(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-02-01T00:00:00Z")),
                new AccountReads.Period(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z")),
                new AccountReads.Period(Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z")),
                new AccountReads.Period(Instant.parse("2027-03-01T00:00:00Z"), Instant.parse("2027-04-01T00:00:00Z")));

        assertThat(AccountPage.subscription(periods, now)).isEqualTo(new AccountPage.Subscription(
                AccountPage.SubscriptionState.SUBSCRIBED, Instant.parse("2027-01-01T00:00:00Z")));
        assertThat(AccountPage.subscription(periods.subList(0, 1), now)).isEqualTo(new AccountPage.Subscription(
                AccountPage.SubscriptionState.ENDED, Instant.parse("2025-02-01T00:00:00Z")));
        assertThat(AccountPage.subscription(List.of(), now).state())
                .isEqualTo(AccountPage.SubscriptionState.NOT_SUBSCRIBED);
    }

    @ParameterizedTest
    @CsvSource({"2000,20", "2500,25", "1250,12.5", "5,0.05", "10000,100"})
    void percentagesOfTheArithmeticHaveNoTrailingZeros(int basisPoints, String percent) {
        assertThat(AccountStatement.percent(basisPoints)).isEqualTo(percent);
    }
}
