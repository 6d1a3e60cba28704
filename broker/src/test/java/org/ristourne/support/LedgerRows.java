package org.ristourne.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.ristourne.broker.api.see.GetCustomerStatement;
import org.ristourne.broker.api.see.StatementLine;
import org.ristourne.broker.share.book.SaleBook;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the broker actually booked, read from the {@code ledger_entry} rows and the customers' statements, and
 * compared with an {@link ExpectedLedger}. Each comparison lists every sale or account that differs, so one wrong
 * sale does not hide the others.
 */
public final class LedgerRows {

    private static final int SHOWN = 25;

    private final JdbcTemplate jdbc;
    private final Function<String, List<StatementLine>> statements;

    public LedgerRows(JdbcTemplate jdbc, QueryGateway queries) {
        this(jdbc, customerId -> queries.query(new GetCustomerStatement(customerId),
                ResponseTypes.multipleInstancesOf(StatementLine.class)).join());
    }

    /** For a broker in another process: {@code statements} answers a customer's statement as its account page would. */
    public LedgerRows(JdbcTemplate jdbc, Function<String, List<StatementLine>> statements) {
        this.jdbc = jdbc;
        this.statements = statements;
    }

    /** Every account's balance, debits minus credits, named as {@link ExpectedLedger#account} names them. */
    public Map<String, Long> balances() {
        Map<String, Long> balances = new TreeMap<>();
        jdbc.query("""
                select account_type, owner, currency, sum(amount_minor) as total from ledger_entry
                group by account_type, owner, currency
                """, rs -> {
            balances.put(rs.getString("account_type") + " " + rs.getString("owner") + " "
                    + rs.getString("currency"), rs.getLong("total"));
        });
        return balances;
    }

    /** What the balances moved by since {@code before}: the part of shared accounts (broker, platform) a test made. */
    public Map<String, Long> balancesSince(Map<String, Long> before) {
        Map<String, Long> moved = new TreeMap<>(balances());
        before.forEach((account, amount) -> moved.merge(account, -amount, Long::sum));
        moved.values().removeIf(amount -> amount == 0);
        return moved;
    }

    /**
     * Per expected sale, its postings and its entries per account as the ledger rows tagged with its sale key hold
     * them, against the recomputation: one line per sale that differs.
     */
    public List<String> saleMismatches(ExpectedLedger expected) {
        Map<String, Map<String, Long>> entries = new HashMap<>();
        jdbc.query("""
                select sale_key, account_type, owner, currency, sum(amount_minor) as total from ledger_entry
                where sale_key is not null group by sale_key, account_type, owner, currency
                """, rs -> {
            String saleKey = rs.getString("sale_key");
            if (expected.knows(saleKey) && rs.getLong("total") != 0) {
                entries.computeIfAbsent(saleKey, key -> new TreeMap<>()).put(rs.getString("account_type") + " "
                        + rs.getString("owner") + " " + rs.getString("currency"), rs.getLong("total"));
            }
        });
        Map<String, Integer> postings = new HashMap<>();
        jdbc.query("""
                select sale_key, count(distinct posting_id) as postings from ledger_entry where sale_key is not null
                group by sale_key
                """, rs -> {
            postings.put(rs.getString("sale_key"), rs.getInt("postings"));
        });
        List<String> mismatches = new ArrayList<>();
        for (String saleKey : expected.saleKeys()) {
            ExpectedLedger.Sale sale = expected.sale(saleKey);
            int actualPostings = postings.getOrDefault(saleKey, 0);
            Map<String, Long> actualEntries = entries.getOrDefault(saleKey, Map.of());
            if (actualPostings != sale.postings() || !actualEntries.equals(sale.entries())) {
                mismatches.add(saleKey + ": expected " + sale.postings() + " postings " + sale.entries() + ", found "
                        + actualPostings + " postings " + actualEntries);
            }
        }
        return shortened(mismatches);
    }

    /**
     * Per expected sale, its line on its customer's statement (through the query gateway, as the account page reads
     * it): present exactly once, with the amount, refunds and rebate of the recomputation, and, when
     * {@code withState}, in the state the recorded steps put it in.
     */
    public List<String> statementMismatches(ExpectedLedger expected, boolean withState) {
        Map<String, List<ExpectedLedger.Sale>> byCustomer = expected.saleKeys().stream().map(expected::sale)
                .collect(Collectors.groupingBy(ExpectedLedger.Sale::customer, TreeMap::new, Collectors.toList()));
        List<String> mismatches = new ArrayList<>();
        byCustomer.forEach((customer, sales) -> {
            Map<String, List<StatementLine>> lines = statement(customer).stream()
                    .collect(Collectors.groupingBy(StatementLine::saleKey));
            for (ExpectedLedger.Sale sale : sales) {
                List<StatementLine> found = lines.getOrDefault(sale.saleKey(), List.of());
                if (found.size() != 1) {
                    mismatches.add(sale.saleKey() + ": " + found.size() + " lines on the statement of " + customer);
                    continue;
                }
                StatementLine line = found.get(0);
                String want = describe(sale.currency(), sale.amount(), sale.refunded(), sale.rebate(),
                        withState ? sale.statementState() : "-");
                String got = describe(line.amount().currency().getCurrencyCode(), line.amount().minorUnits(),
                        line.refunded().minorUnits(), line.rebate().minorUnits(), withState ? line.state() : "-");
                if (!want.equals(got)) {
                    mismatches.add(sale.saleKey() + ": expected " + want + ", statement shows " + got);
                }
            }
        });
        return shortened(mismatches);
    }

    public List<StatementLine> statement(String customerId) {
        return statements.apply(customerId);
    }

    /**
     * Per expected sale, its events in the store against what was accepted: one {@code SaleReported}, one
     * {@code SaleRefunded} per refund and one {@code PostingRecorded} in its ledger book per posting; and any sale
     * recorded that the test never got a 2xx for. A doubled event shows here even where a read model's key hid it.
     */
    public List<String> eventMismatches(ExpectedLedger expected) {
        Map<String, Map<String, Long>> found = new TreeMap<>();
        jdbc.query("""
                select aggregate_identifier, payload_type, count(*) as events from domain_event_entry
                where payload_type like '%.SaleReported' or payload_type like '%.SaleRefunded'
                   or payload_type like '%.PostingRecorded'
                group by aggregate_identifier, payload_type
                """, rs -> {
            String aggregate = rs.getString("aggregate_identifier");
            String type = rs.getString("payload_type");
            String sale = aggregate.startsWith(SaleBook.PREFIX) ? aggregate.substring(SaleBook.PREFIX.length())
                    : aggregate;
            found.computeIfAbsent(sale, key -> new TreeMap<>()).put(type.substring(type.lastIndexOf('.') + 1),
                    rs.getLong("events"));
        });
        List<String> mismatches = new ArrayList<>();
        for (String saleKey : expected.saleKeys()) {
            ExpectedLedger.Sale sale = expected.sale(saleKey);
            Map<String, Long> want = new TreeMap<>(Map.of("SaleReported", 1L));
            if (sale.refunds() > 0) {
                want.put("SaleRefunded", (long) sale.refunds());
            }
            if (sale.postings() > 0) {
                want.put("PostingRecorded", (long) sale.postings());
            }
            Map<String, Long> got = found.getOrDefault(saleKey, Map.of());
            if (!want.equals(got)) {
                mismatches.add(saleKey + ": expected events " + want + ", found " + got);
            }
        }
        found.keySet().stream().filter(saleKey -> !expected.knows(saleKey))
                .forEach(saleKey -> mismatches.add(saleKey + ": events " + found.get(saleKey)
                        + " of a sale that never got a 2xx"));
        return shortened(mismatches);
    }

    /** Postings whose entries do not sum to zero in a currency. */
    public List<String> unbalancedPostings() {
        return shortened(jdbc.query("""
                select posting_id, currency, sum(amount_minor) as total from ledger_entry
                group by posting_id, currency having sum(amount_minor) <> 0
                """, (rs, row) -> rs.getString("posting_id") + " " + rs.getString("currency") + " off by "
                + rs.getLong("total")));
    }

    private static String describe(String currency, long amount, long refunded, long rebate, String state) {
        return "amount %d %s, refunded %d, rebate %d, state %s".formatted(amount, currency, refunded, rebate, state);
    }

    /** The first few mismatches and how many there are, so a systematic fault stays readable. */
    private static List<String> shortened(List<String> mismatches) {
        if (mismatches.size() <= SHOWN) {
            return mismatches;
        }
        List<String> shown = new ArrayList<>(mismatches.subList(0, SHOWN));
        shown.add("... and " + (mismatches.size() - SHOWN) + " more");
        return shown;
    }
}
