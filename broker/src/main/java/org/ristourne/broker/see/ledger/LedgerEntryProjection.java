package org.ristourne.broker.see.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.ristourne.broker.api.see.AccountBalance;
import org.ristourne.broker.api.see.BrokerFeeReport;
import org.ristourne.broker.api.see.GetAccountBalances;
import org.ristourne.broker.api.see.GetBrokerFeeReport;
import org.ristourne.broker.api.see.GetVendorStatement;
import org.ristourne.broker.api.see.VendorStatement;
import org.ristourne.broker.api.share.PostingRecorded;
import org.ristourne.broker.support.EpochMicros;
import org.ristourne.ledger.account.Account;
import org.ristourne.ledger.account.AccountType;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.posting.Entry;
import org.ristourne.ledger.posting.Posting;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Every posting entry as a row, from which balances, vendor statements and the broker's fee report are sums. A
 * posting already present is refused by the primary key, so a redelivered event cannot count twice even without a
 * reset; the rows already there must then be the same, or the projection stops (see {@link PostingClash}). Rows go
 * in with the batch's other inserts when it commits ({@link BatchedInserts}).
 *
 * <p>Each row has two dates: the effective date, the vendor's (a sale's completion, a refund), and the booking date,
 * when Ristourne recorded the posting. Period reports go by the booking date, so a sale reported late counts in the
 * period that is open when it arrives and never changes one already closed.
 */
@Component
@ProcessingGroup(LedgerReadModels.GROUP)
public class LedgerEntryProjection {

    private static final Logger log = LoggerFactory.getLogger(LedgerEntryProjection.class);

    private final JdbcTemplate jdbc;
    private final BatchedInserts inserts;

    LedgerEntryProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.inserts = new BatchedInserts(jdbc);
    }

    /** One row of ledger_entry, as far as a posting's content goes (its booking date is when, not what). */
    private record Row(int entryNo, String accountType, String owner, String currency, long amountMinor,
                       String reason, long effectiveAtUs, @Nullable String saleKey, @Nullable String reverses) {
    }

    /** {@code bookedAt} is the event's timestamp: when the posting was recorded, identical on every replay. */
    @EventHandler
    void on(PostingRecorded event, @Timestamp Instant bookedAt) {
        Posting posting = event.posting();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < posting.entries().size(); i++) {
            Entry entry = posting.entries().get(i);
            rows.add(new Row(i, entry.account().type().name(), entry.account().owner(),
                    entry.account().currency().getCurrencyCode(), entry.signedMinorUnits(), posting.reason().name(),
                    EpochMicros.of(posting.postedAt()), event.saleKey(),
                    posting.reverses() == null ? null : posting.reverses().value()));
        }
        long booked = EpochMicros.of(bookedAt);
        // Asking first would cost every posting a round trip for what happens only after a crash; comparing
        // afterwards tells a redelivery from two events that name the same posting.
        inserts.insert("""
                insert into ledger_entry (posting_id, entry_no, account_type, owner, currency, amount_minor, reason,
                    effective_at_us, booked_at_us, sale_key, reverses)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, rows.stream().map(row -> new Object[] {posting.id().value(), row.entryNo(), row.accountType(),
                row.owner(), row.currency(), row.amountMinor(), row.reason(), row.effectiveAtUs(), booked,
                row.saleKey(), row.reverses()}).toList(), () -> {
            List<Row> stored = jdbc.query("""
                    select entry_no, account_type, owner, currency, amount_minor, reason, effective_at_us, sale_key,
                        reverses
                    from ledger_entry where posting_id = ? order by entry_no
                    """, (rs, n) -> new Row(rs.getInt("entry_no"), rs.getString("account_type"), rs.getString("owner"),
                    rs.getString("currency"), rs.getLong("amount_minor"), rs.getString("reason"),
                    rs.getLong("effective_at_us"), rs.getString("sale_key"), rs.getString("reverses")),
                    posting.id().value());
            if (!stored.equals(rows)) {
                throw new PostingClash(posting.id().value(), stored, rows);
            }
            log.debug("Posting {} already in ledger_entry", posting.id().value());
        });
    }

    /**
     * Two events named one posting with different entries: not a redelivery, and skipping either would silently lose
     * money from the books. The read-model processor propagates it and retries, so the model stays stuck, and says
     * so, until the clash is resolved.
     */
    static final class PostingClash extends IllegalStateException {
        PostingClash(String postingId, List<Row> stored, List<Row> recorded) {
            super("Posting " + postingId + " is already in ledger_entry with other content: stored " + stored
                    + ", recorded again as " + recorded);
        }
    }

    @ResetHandler
    void reset() {
        int removed = jdbc.update("delete from ledger_entry");
        log.info("Ledger entries cleared for replay ({} rows)", removed);
    }

    @QueryHandler
    public List<AccountBalance> handle(GetAccountBalances query) {
        return jdbc.query("""
                select account_type, currency, sum(amount_minor) as balance from ledger_entry
                where owner = ? group by account_type, currency order by account_type, currency
                """, (rs, row) -> {
            AccountType type = AccountType.valueOf(rs.getString("account_type"));
            return new AccountBalance(type, query.owner(),
                    Money.of(type.normalBalance(rs.getLong("balance")), rs.getString("currency")));
        }, query.owner());
    }

    @QueryHandler
    public List<VendorStatement> handle(GetVendorStatement query) {
        Map<String, Long> sums = sumsByReason(AccountType.VENDOR_SHARES_RECEIVABLE, query.vendorId(), query.from(),
                query.to());
        Map<String, Long> ends = balancesUntil(query.vendorId(), query.to());
        List<VendorStatement> statements = new ArrayList<>();
        for (Currency currency : currencies(sums, ends)) {
            String code = currency.getCurrencyCode();
            statements.add(new VendorStatement(
                    Money.of(sums.getOrDefault(code + ":SHARES_PENDING", 0L), currency),
                    Money.of(-sums.getOrDefault(code + ":SHARES_REFUNDED", 0L), currency),
                    Money.of(-sums.getOrDefault(code + ":SHARES_FUNDED", 0L), currency),
                    Money.of(ends.getOrDefault(code, 0L), currency)));
        }
        return statements;
    }

    @QueryHandler
    public List<BrokerFeeReport> handle(GetBrokerFeeReport query) {
        Map<String, Long> pending = sumsByReason(AccountType.BROKER_FEE_PENDING, Account.BROKER, query.from(),
                query.to());
        Map<String, Long> earned = sumsByReason(AccountType.BROKER_FEE_EARNED, Account.BROKER, query.from(),
                query.to());
        List<BrokerFeeReport> report = new ArrayList<>();
        for (Currency currency : currencies(pending, earned)) {
            String code = currency.getCurrencyCode();
            long reversed = pending.getOrDefault(code + ":SHARES_REFUNDED", 0L)
                    + earned.getOrDefault(code + ":SHARES_REFUNDED", 0L);
            report.add(new BrokerFeeReport(
                    Money.of(-pending.getOrDefault(code + ":SHARES_PENDING", 0L), currency),
                    Money.of(reversed, currency),
                    Money.of(-sumOf(earned, code), currency)));
        }
        return report;
    }

    /**
     * Everything that moved an account in one currency: for fees earned, the confirmations less the refunds that
     * came after them (and anything else that may touch the account), so the column is the revenue that stands.
     */
    private static long sumOf(Map<String, Long> sumsByReason, String currencyCode) {
        return sumsByReason.entrySet().stream().filter(sum -> sum.getKey().startsWith(currencyCode + ":"))
                .mapToLong(Map.Entry::getValue).reduce(0L, Math::addExact);
    }

    /** Sums of an account's entries booked in [from, to), keyed {@code currency:reason}, debits positive. */
    private Map<String, Long> sumsByReason(AccountType type, String owner, Instant from, Instant to) {
        Map<String, Long> sums = new LinkedHashMap<>();
        jdbc.query("""
                select currency, reason, sum(amount_minor) as total from ledger_entry
                where account_type = ? and owner = ? and booked_at_us >= ? and booked_at_us < ?
                group by currency, reason
                """, rs -> {
            sums.put(rs.getString("currency") + ":" + rs.getString("reason"), rs.getLong("total"));
        }, type.name(), owner, EpochMicros.of(from), EpochMicros.of(to));
        return sums;
    }

    private Map<String, Long> balancesUntil(String vendorId, Instant to) {
        Map<String, Long> balances = new LinkedHashMap<>();
        jdbc.query("""
                select currency, sum(amount_minor) as total from ledger_entry
                where account_type = ? and owner = ? and booked_at_us < ? group by currency
                """, rs -> {
            balances.put(rs.getString("currency"), rs.getLong("total"));
        }, AccountType.VENDOR_SHARES_RECEIVABLE.name(), vendorId, EpochMicros.of(to));
        return balances;
    }

    private static TreeSet<Currency> currencies(Map<String, Long> first, Map<String, Long> second) {
        TreeSet<Currency> currencies = new TreeSet<>(java.util.Comparator.comparing(Currency::getCurrencyCode));
        for (Map<String, Long> sums : List.of(first, second)) {
            sums.keySet().forEach(key -> currencies.add(Currency.getInstance(key.substring(0, 3))));
        }
        return currencies;
    }
}
