package org.ristourne.broker.see.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ristourne.broker.api.Agreement;
import org.ristourne.broker.api.AgreementTerms;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.RelationshipId;
import org.ristourne.broker.api.SaleId;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.sale.SaleReported;
import org.ristourne.broker.api.see.BrokerFeeReport;
import org.ristourne.broker.api.see.GetBrokerFeeReport;
import org.ristourne.broker.api.see.GetInvestmentRecovered;
import org.ristourne.broker.api.see.GetVendorStatement;
import org.ristourne.broker.api.see.InvestmentRecovered;
import org.ristourne.broker.api.see.VendorStatement;
import org.ristourne.broker.api.share.PostingRecorded;
import org.ristourne.ledger.account.Account;
import org.ristourne.ledger.money.BasisPoints;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.posting.Posting;
import org.ristourne.ledger.posting.PostingId;
import org.ristourne.ledger.posting.ReasonCode;
import org.ristourne.ledger.sale.CustomerPayouts;
import org.ristourne.ledger.sale.SaleShareBook;
import org.ristourne.ledger.share.ShareTerms;
import org.ristourne.support.OnH2;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ledger's read model called handler by handler: ids that a separator would confuse stay apart, a posting id
 * recorded again with other entries stops the projection, and period reports go by the date Ristourne booked a
 * posting, not the vendor's date. Each test uses its own owners and, for the broker's global fee account, its own
 * year, so tests sharing the context's database do not see each other's rows.
 */
@OnH2
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class LedgerEntryProjectionIntegrationTest {

    private static final Currency EUR = Currency.getInstance("EUR");
    private static final ShareTerms TERMS = ShareTerms.of(2000, 2500);

    @Autowired LedgerEntryProjection entries;
    @Autowired CustomerStatementProjection statements;
    @Autowired JdbcTemplate jdbc;
    @Autowired TransactionTemplate transactions;

    private final List<PostingRecorded> recorded = new ArrayList<>();

    private SaleShareBook collect(SaleShareBook.Step step) {
        SaleShareBook book = step.book();
        step.posting().ifPresent(posting -> recorded.add(new PostingRecorded("ledger:" + book.saleKey(),
                book.saleKey(), book.vendor(), book.customer(), posting)));
        return book;
    }

    private void record(PostingRecorded event, Instant bookedAt) {
        transactions.executeWithoutResult(status -> entries.on(event, bookedAt));
    }

    private long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }

    @Test
    void postingsWhoseIdsASeparatorWouldConfuseAreBothEntered() {
        Instant at = Instant.parse("2026-11-24T10:00:00Z");
        // sale x refunded by refund "r:reported", and sale "x:refund:r" reported: once the same posting id
        SaleShareBook x = collect(SaleShareBook.reported("collide/x", "collide", "cus-collide", TERMS,
                Money.of(12999, EUR), Money.of(4200, EUR), at));
        collect(x.refunded("r:reported", Money.of(5000, EUR), at));
        collect(SaleShareBook.reported("collide/x:refund:r", "collide", "cus-collide", TERMS, Money.of(12999, EUR),
                Money.of(4200, EUR), at));
        recorded.forEach(event -> record(event, at));

        assertThat(count("select count(distinct posting_id) from ledger_entry where sale_key like 'collide/%'"))
                .isEqualTo(3L);
        // pool 8.40 twice, less the 3.23 the refund gave back
        assertThat(count("select sum(amount_minor) from ledger_entry where owner = 'collide'"))
                .isEqualTo(840L + 840L - 323L);
    }

    @Test
    void aPostingWithEveryIdAtItsLongestIsEntered() {
        Instant at = Instant.parse("2026-11-24T10:00:00Z");
        String vendor = "l".repeat(63);
        String customer = "c".repeat(128);
        SaleShareBook book = collect(SaleShareBook.reported(vendor + "/" + "s:".repeat(64), vendor, customer, TERMS,
                Money.of(12999, EUR), Money.of(4200, EUR), at));
        collect(book.refunded("r.".repeat(64), Money.of(5000, EUR), at));
        recorded.forEach(event -> record(event, at));

        assertThat(count("select count(distinct posting_id) from ledger_entry where owner = ?", vendor)).isEqualTo(2L);
    }

    @Test
    void aPostingIdRecordedAgainWithOtherEntriesFailsLoudly() {
        Instant at = Instant.parse("2026-11-24T10:00:00Z");
        PostingId id = PostingId.of("sale", "clash/ord_1", "reported");
        record(new PostingRecorded("ledger:clash/ord_1", "clash/ord_1", "clash", "cus-clash",
                pending(id, "clash", 840, at)), at);
        PostingRecorded other = new PostingRecorded("ledger:clash/ord_1", "clash/ord_1", "clash", "cus-clash",
                pending(id, "clash", 841, at));

        assertThatThrownBy(() -> record(other, at)).hasMessageContaining(id.value());
        assertThat(count("select sum(amount_minor) from ledger_entry where owner = 'clash'")).isEqualTo(840L);
    }

    @Test
    void aPostingRecordedAgainWithTheSameEntriesIsSkipped() {
        Instant at = Instant.parse("2026-11-24T10:00:00Z");
        PostingRecorded event = new PostingRecorded("ledger:again/ord_1", "again/ord_1", "again", "cus-again",
                pending(PostingId.of("sale", "again/ord_1", "reported"), "again", 840, at));
        record(event, at);
        record(event, at);

        assertThat(count("select sum(amount_minor) from ledger_entry where owner = 'again'")).isEqualTo(840L);
    }

    private static Posting pending(PostingId id, String vendor, long pool, Instant at) {
        return Posting.builder(id, ReasonCode.SHARES_PENDING, at)
                .debit(Account.vendorReceivable(vendor, EUR), Money.of(pool, EUR))
                .credit(Account.customerPending("cus-x", EUR), Money.of(pool, EUR))
                .build();
    }

    /** A sale completed on 10 January, a period already closed, reported and booked on 5 March. */
    static Stream<Arguments> periodReports() {
        return Stream.of(
                Arguments.of("vendor statement", 2031),
                Arguments.of("broker fee report", 2032),
                Arguments.of("investment recovered", 2033));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("periodReports")
    void aLateReportCountsInThePeriodItWasBookedNotTheVendorsOne(String report, int year) {
        Instant completed = Instant.parse(year + "-01-10T10:00:00Z");
        Instant booked = Instant.parse(year + "-03-05T10:00:00Z");
        String vendor = "late-" + year;
        String customer = "cus-late-" + year;
        SaleShareBook book = collect(SaleShareBook.reported(vendor + "/ord_1", vendor, customer, TERMS,
                Money.of(12999, EUR), Money.of(4200, EUR), completed));
        book = collect(book.confirmed(completed));
        collect(book.funded(completed));
        recorded.add(new PostingRecorded("payouts:" + customer, null, null, customer,
                CustomerPayouts.paid("po-late-" + year, customer, Money.of(630, EUR), completed)));
        recorded.forEach(event -> record(event, booked));

        Instant january = Instant.parse(year + "-01-01T00:00:00Z");
        Instant february = Instant.parse(year + "-02-01T00:00:00Z");
        Instant march = Instant.parse(year + "-03-01T00:00:00Z");
        Instant april = Instant.parse(year + "-04-01T00:00:00Z");
        switch (report) {
            case "vendor statement" -> {
                assertThat(entries.handle(new GetVendorStatement(vendor, january, february))).isEmpty();
                assertThat(entries.handle(new GetVendorStatement(vendor, march, april))).containsExactly(
                        new VendorStatement(Money.of(840, EUR), Money.of(0, EUR), Money.of(840, EUR),
                                Money.of(0, EUR)));
            }
            case "broker fee report" -> {
                assertThat(entries.handle(new GetBrokerFeeReport(january, february))).isEmpty();
                assertThat(entries.handle(new GetBrokerFeeReport(march, april))).containsExactly(
                        new BrokerFeeReport(Money.of(210, EUR), Money.of(0, EUR), Money.of(210, EUR)));
            }
            default -> {
                assertThat(statements.handle(new GetInvestmentRecovered(customer, january, february))).isEmpty();
                assertThat(statements.handle(new GetInvestmentRecovered(customer, march, april))).containsExactly(
                        new InvestmentRecovered(Money.of(630, EUR), Money.of(0, EUR), null));
            }
        }
    }

    @Test
    void feesEarnedAreNetOfRefundsAfterConfirmation() {
        // 129.99 EUR, margin 42.00, 20 % shared, 25 % fee: fee 2.10, confirmed; then 50.00 refunded, which reverses
        // floor(floor(floor(4200 × 5000 / 12999) × 2000 / 10000) × 2500 / 10000) = floor(323 × 0.25) = 0.80 of fee
        // from the earned account. Earned in the period: 2.10 − 0.80 = 1.30.
        Instant at = Instant.parse("2034-06-10T10:00:00Z");
        SaleShareBook book = collect(SaleShareBook.reported("fees/ord_1", "fees", "cus-fees", TERMS,
                Money.of(12999, EUR), Money.of(4200, EUR), at));
        book = collect(book.confirmed(at.plusSeconds(60)));
        collect(book.refunded("rf_1", Money.of(5000, EUR), at.plusSeconds(120)));
        recorded.forEach(event -> record(event, event.posting().postedAt()));

        assertThat(entries.handle(new GetBrokerFeeReport(Instant.parse("2034-06-01T00:00:00Z"),
                Instant.parse("2034-07-01T00:00:00Z")))).containsExactly(
                new BrokerFeeReport(Money.of(210, EUR), Money.of(80, EUR), Money.of(130, EUR)));
    }

    static Stream<Arguments> otherContents() {
        return Stream.of(
                Arguments.of("amount", 13000, 4200, "cus-line-clash"),
                Arguments.of("margin", 12999, 4300, "cus-line-clash"),
                Arguments.of("customer", 12999, 4200, "cus-someone-else"));
    }

    @ParameterizedTest(name = "other {0}")
    @MethodSource("otherContents")
    void aSaleReportedAgainWithOtherContentStopsTheStatement(String field, long amount, long margin, String customer) {
        Instant at = Instant.parse("2026-11-24T10:00:00Z");
        SaleId sale = new SaleId(new VendorId("line-clash"), "ord-" + field);
        Agreement agreement = new Agreement(1, at, new AgreementTerms(BasisPoints.of(2000), BasisPoints.of(2500), 14,
                null, Set.of(EUR)));
        SaleReported first = new SaleReported(sale, new RelationshipId("rel-line-clash"),
                new CustomerId("cus-line-clash"), Money.of(12999, EUR), Money.of(4200, EUR), false, at, agreement,
                at.plusSeconds(14 * 86400), List.of(), at);
        SaleReported other = new SaleReported(sale, new RelationshipId("rel-line-clash"), new CustomerId(customer),
                Money.of(amount, EUR), Money.of(margin, EUR), false, at, agreement, at.plusSeconds(14 * 86400),
                List.of(), at);
        transactions.executeWithoutResult(status -> statements.on(first));

        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> statements.on(other)))
                .hasMessageContaining(sale.toString());
        assertThat(count("select amount_minor from customer_statement_line where sale_key = ?", sale.toString()))
                .isEqualTo(12999L);
    }
}
