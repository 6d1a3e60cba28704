package org.ristourne.broker.see.account;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.support.EpochMicros;
import org.ristourne.ledger.account.AccountType;
import org.ristourne.ledger.posting.ReasonCode;
import org.ristourne.ledger.share.ShareTerms;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * What the account page reads beside the ledger's queries, one customer at a time and never written here: the
 * subscription periods the broker knows (the directory's, which decide whether a sale earns a rebate), vendors' names,
 * the terms each sale was split with, and the money that moved per month for the chart.
 */
@Repository
class AccountReads {

    record Period(Instant from, Instant until) {
    }

    /** How a settled payout left (CREDIT or CASH) and the Stripe invoices that took its credit. */
    record PayoutDetail(@Nullable String method, List<String> invoices) {
    }

    private final JdbcTemplate jdbc;

    AccountReads(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<Period> subscriptionPeriods(CustomerId customer) {
        return jdbc.query("""
                select active_from_us, active_until_us from directory_subscription_period
                where customer_id = ? order by active_from_us, active_until_us""",
                (rs, n) -> new Period(EpochMicros.toInstant(rs.getLong(1)), EpochMicros.toInstant(rs.getLong(2))),
                customer.value());
    }

    /**
     * Whether Stripe told of a subscription of the customer that is alive (its webhook's latest state) while no paid
     * period may have arrived yet: between the checkout and the first invoice, a second click must not subscribe again.
     */
    boolean hasLiveStripeSubscription(CustomerId customer) {
        Integer live = jdbc.queryForObject("""
                select count(*) from billing_subscription
                where customer_id = ? and status in ('active', 'trialing', 'incomplete', 'past_due')""",
                Integer.class, customer.value());
        return live != null && live > 0;
    }

    /** The display name of every vendor the customer has a statement line with. */
    Map<String, String> vendorNames(CustomerId customer) {
        Map<String, String> names = new HashMap<>();
        jdbc.query("""
                select distinct v.vendor_id, v.display_name from directory_vendor v
                join customer_statement_line l on l.vendor_id = v.vendor_id where l.customer_id = ?""",
                rs -> {
                    names.put(rs.getString(1), rs.getString(2));
                }, customer.value());
        return names;
    }

    /** The agreement's terms frozen in each of the customer's sales, by sale key. */
    Map<String, ShareTerms> saleTerms(CustomerId customer) {
        Map<String, ShareTerms> terms = new HashMap<>();
        jdbc.query("select sale_key, share_bps, broker_fee_bps from customer_statement_line where customer_id = ?",
                rs -> {
                    terms.put(rs.getString(1), ShareTerms.of(rs.getInt(2), rs.getInt(3)));
                }, customer.value());
        return terms;
    }

    /**
     * Rebates paid or credited (net of failed payouts given back), as GetInvestmentRecovered counts them, booked since
     * {@code from}, per currency.
     */
    Map<Currency, List<MonthlyChart.Flow>> rebatesPaidSince(CustomerId customer, Instant from) {
        Map<Currency, List<MonthlyChart.Flow>> flows = new LinkedHashMap<>();
        jdbc.query("""
                select currency, amount_minor, booked_at_us from ledger_entry
                where account_type = ? and owner = ? and reason in (?, ?) and booked_at_us >= ?
                order by booked_at_us""", rs -> {
            flows.computeIfAbsent(Currency.getInstance(rs.getString(1)), c -> new ArrayList<>())
                    .add(new MonthlyChart.Flow(EpochMicros.toInstant(rs.getLong(3)), rs.getLong(2)));
        }, AccountType.CUSTOMER_REBATE_PAYABLE.name(), customer.value(), ReasonCode.REBATE_PAID.name(),
                ReasonCode.REVERSAL.name(), EpochMicros.of(from));
        return flows;
    }

    /** Subscription paid for periods starting since {@code from}, per currency, dated by the period's start. */
    Map<Currency, List<MonthlyChart.Flow>> subscriptionPaidSince(CustomerId customer, Instant from) {
        Map<Currency, List<MonthlyChart.Flow>> flows = new LinkedHashMap<>();
        jdbc.query("""
                select currency, amount_minor, active_from_us from subscription_payment
                where customer_id = ? and active_from_us >= ? order by active_from_us""", rs -> {
            flows.computeIfAbsent(Currency.getInstance(rs.getString(1)), c -> new ArrayList<>())
                    .add(new MonthlyChart.Flow(EpochMicros.toInstant(rs.getLong(3)), rs.getLong(2)));
        }, customer.value(), EpochMicros.of(from));
        return flows;
    }

    Map<String, PayoutDetail> payoutDetails(CustomerId customer) {
        Map<String, String> methods = new HashMap<>();
        jdbc.query("select payout_id, method from payout_method where customer_id = ?", rs -> {
            methods.put(rs.getString(1), rs.getString(2));
        }, customer.value());
        Map<String, List<String>> invoices = new HashMap<>();
        jdbc.query("""
                select distinct payout_id, stripe_invoice_id, applied_at_us from credit_application
                where customer_id = ? and payout_id <> '' order by applied_at_us, stripe_invoice_id""", rs -> {
            List<String> ids = invoices.computeIfAbsent(rs.getString(1), id -> new ArrayList<>());
            if (!ids.contains(rs.getString(2))) {
                ids.add(rs.getString(2));
            }
        }, customer.value());
        Map<String, PayoutDetail> details = new HashMap<>();
        methods.keySet().forEach(id -> details.put(id, new PayoutDetail(methods.get(id),
                invoices.getOrDefault(id, List.of()))));
        invoices.keySet().forEach(id -> details.putIfAbsent(id, new PayoutDetail(null, invoices.get(id))));
        return details;
    }
}
