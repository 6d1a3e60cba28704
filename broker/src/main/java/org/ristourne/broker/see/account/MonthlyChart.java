package org.ristourne.broker.see.account;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import org.ristourne.ledger.money.Money;

/**
 * Rebates received and subscription paid per month, for the twelve months that end with the current one, in one
 * currency, with the geometry of its bar chart. Months are those of the page's zone; a month where failed payouts
 * gave back more than was paid shows its negative figure in the table and an empty bar.
 */
public record MonthlyChart(Currency currency, List<Month> months, List<Bar> bars) {

    static final int MONTHS = 12;
    static final int LEFT = 8;
    static final int GROUP_WIDTH = 44;
    static final int BAR_WIDTH = 16;
    static final int PLOT_HEIGHT = 120;
    static final int TOP = 8;
    static final int WIDTH = LEFT * 2 + GROUP_WIDTH * MONTHS;
    static final int HEIGHT = TOP + PLOT_HEIGHT + 24;

    /** Something moved on an account at {@code at}: {@code minorUnits} of the chart's currency. */
    public record Flow(Instant at, long minorUnits) {
    }

    public record Month(YearMonth month, String label, Money rebates, Money subscription) {
    }

    /** {@code kind} is "rebates" or "subscription", the bar's CSS class suffix. */
    public record Bar(String kind, int x, int y, int width, int height) {
    }

    public record Label(int x, String text) {
    }

    static List<Month> buckets(YearMonth current, ZoneId zone, Currency currency, List<Flow> rebates,
                               List<Flow> subscription, Locale locale) {
        YearMonth first = current.minusMonths(MONTHS - 1);
        long[] rebateSums = sums(first, zone, rebates);
        long[] subscriptionSums = sums(first, zone, subscription);
        List<Month> months = new ArrayList<>();
        for (int i = 0; i < MONTHS; i++) {
            YearMonth month = first.plusMonths(i);
            months.add(new Month(month, month.getMonth().getDisplayName(TextStyle.SHORT, locale),
                    Money.of(rebateSums[i], currency), Money.of(subscriptionSums[i], currency)));
        }
        return months;
    }

    private static long[] sums(YearMonth first, ZoneId zone, List<Flow> flows) {
        long[] sums = new long[MONTHS];
        for (Flow flow : flows) {
            YearMonth month = YearMonth.from(flow.at().atZone(zone));
            long index = first.until(month, java.time.temporal.ChronoUnit.MONTHS);
            if (index >= 0 && index < MONTHS) {
                sums[(int) index] = Math.addExact(sums[(int) index], flow.minorUnits());
            }
        }
        return sums;
    }

    static MonthlyChart of(Currency currency, List<Month> months) {
        long max = 1;
        for (Month month : months) {
            max = Math.max(max, Math.max(month.rebates().minorUnits(), month.subscription().minorUnits()));
        }
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < months.size(); i++) {
            int x = LEFT + i * GROUP_WIDTH + (GROUP_WIDTH - 2 * BAR_WIDTH) / 2;
            bars.add(bar("rebates", x, months.get(i).rebates().minorUnits(), max));
            bars.add(bar("subscription", x + BAR_WIDTH, months.get(i).subscription().minorUnits(), max));
        }
        return new MonthlyChart(currency, months, bars);
    }

    private static Bar bar(String kind, int x, long value, long max) {
        int height = value <= 0 ? 0 : (int) Math.max(1, (value * PLOT_HEIGHT + max / 2) / max);
        return new Bar(kind, x, TOP + PLOT_HEIGHT - height, BAR_WIDTH, height);
    }

    public List<Label> labels() {
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < months.size(); i++) {
            labels.add(new Label(LEFT + i * GROUP_WIDTH + GROUP_WIDTH / 2, months.get(i).label()));
        }
        return labels;
    }

    public Money totalRebates() {
        return months.stream().map(Month::rebates).reduce(Money.zero(currency), Money::plus);
    }

    public Money totalSubscription() {
        return months.stream().map(Month::subscription).reduce(Money.zero(currency), Money::plus);
    }

    public int width() {
        return WIDTH;
    }

    public int height() {
        return HEIGHT;
    }

    public int baseline() {
        return TOP + PLOT_HEIGHT;
    }

    public int labelY() {
        return TOP + PLOT_HEIGHT + 18;
    }
}
