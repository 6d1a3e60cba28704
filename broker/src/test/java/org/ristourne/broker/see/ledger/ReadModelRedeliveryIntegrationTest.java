package org.ristourne.broker.see.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ristourne.broker.api.Agreement;
import org.ristourne.broker.api.AgreementTerms;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.RefundId;
import org.ristourne.broker.api.RelationshipId;
import org.ristourne.broker.api.SaleId;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.sale.SaleRefunded;
import org.ristourne.broker.api.sale.SaleReported;
import org.ristourne.broker.api.share.PayoutAllocated;
import org.ristourne.broker.api.share.PayoutLine;
import org.ristourne.broker.api.share.PostingRecorded;
import org.ristourne.ledger.account.Account;
import org.ristourne.ledger.money.BasisPoints;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.posting.Posting;
import org.ristourne.ledger.posting.PostingId;
import org.ristourne.ledger.posting.ReasonCode;
import org.ristourne.support.OnH2;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The read models rely on their primary keys, not on a lookup first, to shrug off an event delivered twice (a crash
 * between handling a batch and storing its token): the second delivery changes nothing, and the transaction it runs
 * in still commits.
 */
@OnH2
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ReadModelRedeliveryIntegrationTest {

    private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");
    private static final Currency EUR = Currency.getInstance("EUR");

    @Autowired LedgerEntryProjection entries;
    @Autowired CustomerStatementProjection statements;
    @Autowired JdbcTemplate jdbc;
    @Autowired TransactionTemplate transactions;

    @Test
    void aPostingDeliveredTwiceIsEnteredOnce() {
        Posting posting = Posting.builder(PostingId.of("sale", "redelivery/ord_1", "reported"),
                        ReasonCode.SHARES_PENDING, AT)
                .debit(Account.vendorReceivable("redelivery", EUR), Money.of(840, EUR))
                .credit(Account.customerPending("cus-redelivery", EUR), Money.of(630, EUR))
                .credit(Account.brokerFeePending(EUR), Money.of(210, EUR))
                .build();
        PostingRecorded event = new PostingRecorded("ledger:redelivery/ord_1", "redelivery/ord_1", "redelivery",
                "cus-redelivery", posting);

        transactions.executeWithoutResult(status -> {
            entries.on(event, AT);
            entries.on(event, AT);
        });

        assertThat(jdbc.queryForList("select entry_no, amount_minor from ledger_entry where posting_id = ?"
                + " order by entry_no", posting.id().value()))
                .extracting(row -> ((Number) row.get("amount_minor")).longValue())
                .containsExactly(840L, -630L, -210L);
    }

    @Test
    void aSaleReportedAgainAfterItsRefundKeepsTheRefundedLine() {
        SaleId sale = new SaleId(new VendorId("redelivery"), "ord_2");
        CustomerId customer = new CustomerId("cus-redelivery-2");
        Agreement agreement = new Agreement(1, AT, new AgreementTerms(BasisPoints.of(2000), BasisPoints.of(2500), 14,
                null, Set.of(EUR)));
        SaleReported reported = new SaleReported(sale, new RelationshipId("rel-redelivery"), customer,
                Money.of(12999, EUR), Money.of(4200, EUR), false, AT, agreement, AT.plusSeconds(14 * 86400),
                List.of(), AT);

        transactions.executeWithoutResult(status -> {
            statements.on(reported);
            statements.on(new SaleRefunded(sale, customer, new RefundId("rf_1"), Money.of(5000, EUR),
                    Money.of(0, EUR), Money.of(5000, EUR), AT));
            statements.on(reported);
        });

        Map<String, Object> line = jdbc.queryForMap("select refunded_minor, rebate_minor, state"
                + " from customer_statement_line where sale_key = ?", sale.toString());
        assertThat(((Number) line.get("refunded_minor")).longValue()).isEqualTo(5000L);
        assertThat(((Number) line.get("rebate_minor")).longValue()).isEqualTo(387L);
        assertThat(line.get("state")).isEqualTo("PENDING");
    }

    @Test
    void aPayoutAllocationDeliveredTwiceCountsOnceAndAClashingOneFailsLoudly() {
        SaleId sale = new SaleId(new VendorId("redelivery"), "ord_3");
        CustomerId customer = new CustomerId("cus-redelivery-3");
        Agreement agreement = new Agreement(1, AT, new AgreementTerms(BasisPoints.of(2000), BasisPoints.of(2500), 0,
                null, Set.of(EUR)));
        PayoutAllocated allocated = new PayoutAllocated("payouts:" + customer.value(), customer.value(), "po_r",
                List.of(new PayoutLine(sale.toString(), Money.of(630, EUR))));
        transactions.executeWithoutResult(status -> {
            statements.on(new SaleReported(sale, new RelationshipId("rel-redelivery-3"), customer,
                    Money.of(12999, EUR), Money.of(4200, EUR), false, AT, agreement, AT, List.of(), AT));
            jdbc.update("update customer_statement_line set state = 'PAYABLE' where sale_key = ?", sale.toString());
            statements.on(allocated, AT);
            statements.on(allocated, AT);
        });

        assertThat(jdbc.queryForMap("select paid_minor, state from customer_statement_line where sale_key = ?",
                sale.toString())).containsEntry("PAID_MINOR", 630L).containsEntry("STATE", "CREDITED");
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> statements.on(new PayoutAllocated(
                allocated.bookId(), customer.value(), "po_r", List.of(new PayoutLine(sale.toString(),
                Money.of(629, EUR)))), AT)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("po_r");
    }

    @Test
    void aRefundThatLeavesExactlyWhatAPartialPayoutPaidMakesTheLinePaid() {
        SaleId sale = new SaleId(new VendorId("redelivery"), "ord_4");
        CustomerId customer = new CustomerId("cus-redelivery-4");
        Agreement agreement = new Agreement(1, AT, new AgreementTerms(BasisPoints.of(2000), BasisPoints.of(2500), 0,
                null, Set.of(EUR)));
        transactions.executeWithoutResult(status -> {
            statements.on(new SaleReported(sale, new RelationshipId("rel-redelivery-4"), customer,
                    Money.of(12999, EUR), Money.of(4200, EUR), false, AT, agreement, AT, List.of(), AT));
            jdbc.update("update customer_statement_line set state = 'PAYABLE' where sale_key = ?", sale.toString());
            // 3.87 of the 6.30 rebate paid out; then 50.00 of 129.99 refunded takes 2.43 back, leaving 3.87
            statements.on(new PayoutAllocated("payouts:" + customer.value(), customer.value(), "po_part",
                    List.of(new PayoutLine(sale.toString(), Money.of(387, EUR)))), AT);
            statements.on(new SaleRefunded(sale, customer, new RefundId("rf_1"), Money.of(5000, EUR),
                    Money.of(0, EUR), Money.of(5000, EUR), AT));
        });

        assertThat(jdbc.queryForMap("select rebate_minor, paid_minor, state from customer_statement_line"
                + " where sale_key = ?", sale.toString()))
                .containsEntry("REBATE_MINOR", 387L).containsEntry("PAID_MINOR", 387L).containsEntry("STATE", "CREDITED");
    }
}
