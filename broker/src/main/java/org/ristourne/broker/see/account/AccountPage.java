package org.ristourne.broker.see.account;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.see.AccountBalance;
import org.ristourne.broker.api.see.GetAccountBalances;
import org.ristourne.broker.api.see.GetInvestmentRecovered;
import org.ristourne.broker.api.see.InvestmentRecovered;
import org.ristourne.broker.see.payouts.PayoutProjection;
import org.ristourne.broker.subscribe.account.CustomerPrincipal;
import org.ristourne.broker.subscribe.checkout.StripeCheckouts;
import org.ristourne.broker.web.PageFormats;
import org.ristourne.ledger.account.AccountType;
import org.ristourne.ledger.money.Money;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The customer's account, in the order PAGES.md gives: how much of this year's subscription the rebates paid back,
 * whether they are subscribed, four figures per currency, the chart, the negative balance if any, every sale, then
 * payouts and credits. The customer is always the one signed in: no identifier in the URL can name another.
 */
@Controller
class AccountPage {

    private static final int PAYOUTS_SHOWN = 100;

    /** One currency's headline; {@code percent} is null when no subscription was paid in it this year. */
    public record Recovered(Money rebates, Money subscription, @Nullable Long percent, long meterValue,
                            long meterMax) {
    }

    /** Pending, confirmed (with invoiced), available (payable, not yet paid out) and received, in one currency. */
    public record Figures(String currency, Money pending, Money confirmed, Money available, Money received) {
    }

    /** CONFIRMING: Stripe has a live subscription for them, and no paid period has reached the broker yet. */
    public enum SubscriptionState {
        SUBSCRIBED, CONFIRMING, NOT_SUBSCRIBED, ENDED
    }

    /** {@code date} is the end of the current run of periods when subscribed, of the last period when ended. */
    public record Subscription(SubscriptionState state, @Nullable Instant date) {
    }

    /**
     * {@code state} is the payout's, or DELAYED while Stripe keeps failing it (then {@code nextAttemptAt}, when known,
     * says when it is tried again): the customer learns that it is late and that nothing is lost.
     */
    public record PayoutRow(String payoutId, Money amount, String state, @Nullable String method, Instant requestedAt,
                            @Nullable Instant settledAt, List<String> invoices, @Nullable Instant nextAttemptAt) {

        public boolean delayed() {
            return DELAYED.equals(state);
        }
    }

    static final String DELAYED = "DELAYED";


    private final AccountStatement statement;
    private final AccountReads reads;
    private final QueryGateway queries;
    private final PayoutProjection payouts;
    private final StripeCheckouts stripe;
    private final PageFormats formats;
    private final Clock clock;

    AccountPage(AccountStatement statement, AccountReads reads, QueryGateway queries, PayoutProjection payouts,
                StripeCheckouts stripe, PageFormats formats, Clock clock) {
        this.statement = statement;
        this.reads = reads;
        this.queries = queries;
        this.payouts = payouts;
        this.stripe = stripe;
        this.formats = formats;
        this.clock = clock;
    }

    @GetMapping("/account")
    String account(@AuthenticationPrincipal CustomerPrincipal customer, Locale locale, Model model) {
        CustomerId id = customer.customerId();
        Instant now = clock.instant();
        ZoneId zone = formats.zone();
        List<SaleRow> rows = statement.rows(id, locale);
        model.addAttribute("recovered", recovered(id, now, zone));
        model.addAttribute("subscription", subscription(reads, id, now));
        model.addAttribute("stripeConfigured", stripe.configured());
        model.addAttribute("figures", figures(rows));
        model.addAttribute("charts", charts(id, now, zone, locale));
        model.addAttribute("negativeBalances", negativeBalances(id));
        model.addAttribute("rows", rows);
        List<PayoutRow> payoutRows = payoutRows(id);
        model.addAttribute("payouts", payoutRows);
        model.addAttribute("payoutsDelayed", payoutRows.stream().anyMatch(PayoutRow::delayed));
        return "account";
    }

    @GetMapping("/account/statement.csv")
    ResponseEntity<byte[]> csv(@AuthenticationPrincipal CustomerPrincipal customer, Locale locale) {
        String csv = StatementCsv.of(statement.rows(customer.customerId(), locale));
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("ristourne-statement.csv").build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(csv.getBytes(StandardCharsets.UTF_8));
    }

    /** This calendar year in the page's zone, one per currency. */
    private List<Recovered> recovered(CustomerId id, Instant now, ZoneId zone) {
        Year year = Year.from(now.atZone(zone));
        Instant from = year.atDay(1).atStartOfDay(zone).toInstant();
        Instant to = year.plusYears(1).atDay(1).atStartOfDay(zone).toInstant();
        List<InvestmentRecovered> answers = queries.query(new GetInvestmentRecovered(id.value(), from, to),
                ResponseTypes.multipleInstancesOf(InvestmentRecovered.class)).join();
        List<Recovered> recovered = new ArrayList<>();
        for (InvestmentRecovered answer : answers) {
            Long bps = answer.recoveredBps();
            long max = Math.max(1, answer.subscriptionPaid().minorUnits());
            recovered.add(new Recovered(answer.rebatesPaid(), answer.subscriptionPaid(),
                    bps == null ? null : bps / 100, Math.min(answer.rebatesPaid().minorUnits(), max), max));
        }
        return recovered;
    }

    static Subscription subscription(AccountReads reads, CustomerId id, Instant now) {
        Subscription known = subscription(reads.subscriptionPeriods(id), now);
        if (known.state() != SubscriptionState.SUBSCRIBED && reads.hasLiveStripeSubscription(id)) {
            return new Subscription(SubscriptionState.CONFIRMING, null);
        }
        return known;
    }

    static Subscription subscription(List<AccountReads.Period> periods, Instant now) {
        if (periods.isEmpty()) {
            return new Subscription(SubscriptionState.NOT_SUBSCRIBED, null);
        }
        Instant until = null;
        for (AccountReads.Period period : periods) {
            boolean current = !period.from().isAfter(now) && period.until().isAfter(now);
            boolean continues = until != null && !period.from().isAfter(until);
            if (current || continues || period.from().isAfter(now) && until == null) {
                until = until == null || period.until().isAfter(until) ? period.until() : until;
            }
        }
        if (until != null) {
            return new Subscription(SubscriptionState.SUBSCRIBED, until);
        }
        Instant lastEnd = periods.stream().map(AccountReads.Period::until).max(Instant::compareTo).orElseThrow();
        return new Subscription(SubscriptionState.ENDED, lastEnd);
    }

    static List<Figures> figures(List<SaleRow> rows) {
        Map<String, Money[]> sums = new LinkedHashMap<>();
        for (SaleRow row : rows) {
            Currency currency = row.amount().currency();
            Money[] figure = sums.computeIfAbsent(currency.getCurrencyCode(), code -> new Money[] {
                    Money.zero(currency), Money.zero(currency), Money.zero(currency), Money.zero(currency)});
            switch (row.state()) {
                case "PENDING" -> figure[0] = figure[0].plus(row.rebate());
                case "CONFIRMED", "INVOICED" -> figure[1] = figure[1].plus(row.rebate());
                case "PAYABLE" -> {
                    if (row.rebate().compareTo(row.paid()) > 0) {
                        figure[2] = figure[2].plus(row.rebate().minus(row.paid()));
                    }
                }
                default -> {
                }
            }
            // What payouts covered, net of failed ones, on whatever line they covered: received, even when a later
            // refund took it back (the negative balance then says so).
            figure[3] = figure[3].plus(row.paid());
        }
        List<Figures> figures = new ArrayList<>();
        new TreeSet<>(sums.keySet()).forEach(code -> {
            Money[] figure = sums.get(code);
            figures.add(new Figures(code, figure[0], figure[1], figure[2], figure[3]));
        });
        return figures;
    }

    private List<MonthlyChart> charts(CustomerId id, Instant now, ZoneId zone, Locale locale) {
        YearMonth current = YearMonth.from(now.atZone(zone));
        Instant from = current.minusMonths(MonthlyChart.MONTHS - 1).atDay(1).atStartOfDay(zone).toInstant();
        Map<Currency, List<MonthlyChart.Flow>> rebates = reads.rebatesPaidSince(id, from);
        Map<Currency, List<MonthlyChart.Flow>> subscription = reads.subscriptionPaidSince(id, from);
        TreeSet<String> currencies = new TreeSet<>();
        rebates.keySet().forEach(currency -> currencies.add(currency.getCurrencyCode()));
        subscription.keySet().forEach(currency -> currencies.add(currency.getCurrencyCode()));
        List<MonthlyChart> charts = new ArrayList<>();
        for (String code : currencies) {
            Currency currency = Currency.getInstance(code);
            charts.add(MonthlyChart.of(currency, MonthlyChart.buckets(current, zone, currency,
                    rebates.getOrDefault(currency, List.of()), subscription.getOrDefault(currency, List.of()),
                    locale)));
        }
        return charts;
    }

    /** The customer's payable account below zero: a refund that came after the rebate was paid or credited. */
    private List<Money> negativeBalances(CustomerId id) {
        return queries.query(new GetAccountBalances(id.value()),
                        ResponseTypes.multipleInstancesOf(AccountBalance.class)).join().stream()
                .filter(balance -> balance.type() == AccountType.CUSTOMER_REBATE_PAYABLE)
                .map(AccountBalance::balance).filter(Money::isNegative).toList();
    }

    private List<PayoutRow> payoutRows(CustomerId id) {
        Map<String, AccountReads.PayoutDetail> details = reads.payoutDetails(id);
        return payouts.list(null, id.value(), PAYOUTS_SHOWN).stream().map(payout -> {
            AccountReads.PayoutDetail detail = details.get(payout.payoutId());
            return new PayoutRow(payout.payoutId(), payout.amount(),
                    payout.delayed() ? DELAYED : payout.state().name(), detail == null ? null : detail.method(),
                    payout.requestedAt(), payout.settledAt(), detail == null ? List.of() : detail.invoices(),
                    payout.delayed() ? payout.nextAttemptAt() : null);
        }).toList();
    }
}
