package org.ristourne.broker.see.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.ristourne.broker.api.Agreement;
import org.ristourne.broker.api.AgreementTerms;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.RelationshipId;
import org.ristourne.broker.api.SaleId;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.customer.SubscriptionCreditApplied;
import org.ristourne.broker.api.sale.SaleReported;
import org.ristourne.broker.api.see.GetCustomerStatement;
import org.ristourne.broker.api.see.StatementLine;
import org.ristourne.broker.api.share.PayoutAllocated;
import org.ristourne.broker.api.share.PayoutLine;
import org.ristourne.ledger.money.BasisPoints;
import org.ristourne.ledger.money.Money;
import org.ristourne.support.OnH2;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Which Stripe invoice took each credited line's credit: the statement's handlers called directly, in the order the
 * events would come, so that FIFO, waiting credit and redelivery are seen exactly.
 */
@OnH2
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class CreditAttributionIntegrationTest {

    private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");
    private static final Currency EUR = Currency.getInstance("EUR");

    @Autowired CustomerStatementProjection statements;
    @Autowired JdbcTemplate jdbc;
    @Autowired TransactionTemplate transactions;

    private final CustomerId customer = new CustomerId("cus-credit-" + UUID.randomUUID().toString().substring(0, 8));

    @Test
    void invoicesTakeCreditFromTheOldestPayoutsFirst() {
        SaleId a = payableSale("ord_a");
        SaleId b = payableSale("ord_b");
        SaleId c = payableSale("ord_c");
        run(() -> {
            statements.on(payout("po_1", a, 630), AT);
            statements.on(payout("po_2", b, 630), AT.plusSeconds(60));
            statements.on(payout("po_3", c, 630), AT.plusSeconds(120));
            // the first invoice takes all of a and half of b; the second the rest of b and a third of c
            statements.on(credit("in_1", 945, AT.plus(Duration.ofDays(30))));
            statements.on(credit("in_2", 525, AT.plus(Duration.ofDays(60))));
        });

        assertThat(line(a)).satisfies(credited("in_1", AT.plus(Duration.ofDays(30))));
        assertThat(line(b)).satisfies(credited("in_2", AT.plus(Duration.ofDays(60))));
        assertThat(line(c)).satisfies(credited("in_2", AT.plus(Duration.ofDays(60))));
        assertThat(applications()).containsExactly(
                Map.entry("in_1 po_1", 630L), Map.entry("in_1 po_2", 315L),
                Map.entry("in_2 po_2", 315L), Map.entry("in_2 po_3", 210L));
    }

    @Test
    void creditNotExplainedYetWaitsForThePayoutLinesAndAnEventDeliveredTwiceChangesNothing() {
        SaleId a = payableSale("ord_a");
        run(() -> {
            statements.on(credit("in_1", 630, AT.plus(Duration.ofDays(30))));
            statements.on(payout("po_1", a, 630), AT);
        });
        assertThat(line(a)).satisfies(credited("in_1", AT.plus(Duration.ofDays(30))));
        Map<String, Long> before = applications();

        run(() -> {
            statements.on(credit("in_1", 630, AT.plus(Duration.ofDays(30))));
            statements.on(payout("po_1", a, 630), AT);
        });

        assertThat(applications()).isEqualTo(before).containsExactly(Map.entry("in_1 po_1", 630L));
    }

    @Test
    void aCreditedLineNoInvoiceTookYetNamesNone() {
        SaleId a = payableSale("ord_a");
        run(() -> statements.on(payout("po_1", a, 630), AT));

        assertThat(line(a).state()).isEqualTo("CREDITED");
        assertThat(line(a).creditedOnInvoice()).isNull();
        assertThat(line(a).creditedAt()).isNull();
    }

    private SaleId payableSale(String vendorSaleId) {
        SaleId sale = new SaleId(new VendorId("credit"), customer.value() + "-" + vendorSaleId);
        Agreement agreement = new Agreement(1, AT, new AgreementTerms(BasisPoints.of(2000), BasisPoints.of(2500), 0,
                null, Set.of(EUR)));
        run(() -> {
            statements.on(new SaleReported(sale, new RelationshipId("rel-" + customer.value()), customer,
                    Money.of(12999, EUR), Money.of(4200, EUR), false, AT, agreement, AT, List.of(), AT));
            jdbc.update("update customer_statement_line set state = 'PAYABLE' where sale_key = ?", sale.toString());
        });
        return sale;
    }

    private PayoutAllocated payout(String payoutId, SaleId sale, long amount) {
        return new PayoutAllocated("payouts:" + customer.value(), customer.value(), customer.value() + payoutId,
                List.of(new PayoutLine(sale.toString(), Money.of(amount, EUR))));
    }

    private SubscriptionCreditApplied credit(String invoiceId, long amount, Instant at) {
        return new SubscriptionCreditApplied(customer, customer.value() + invoiceId, Money.of(amount, EUR), at);
    }

    private java.util.function.Consumer<StatementLine> credited(String invoiceId, Instant at) {
        return line -> {
            assertThat(line.state()).isEqualTo("CREDITED");
            assertThat(line.creditedOnInvoice()).isEqualTo(customer.value() + invoiceId);
            assertThat(line.creditedAt()).isEqualTo(at);
        };
    }

    private StatementLine line(SaleId sale) {
        return statements.handle(new GetCustomerStatement(customer.value())).stream()
                .filter(line -> line.saleKey().equals(sale.toString())).findFirst().orElseThrow();
    }

    /** "invoice payout" → amount, in FIFO order, without the customer prefix. */
    private Map<String, Long> applications() {
        Map<String, Long> rows = new java.util.LinkedHashMap<>();
        jdbc.query("""
                select stripe_invoice_id, payout_id, amount_minor from credit_application where customer_id = ?
                order by applied_at_us, stripe_invoice_id, payout_id""", rs -> {
            rows.put(rs.getString(1).replace(customer.value(), "") + " "
                    + rs.getString(2).replace(customer.value(), ""), rs.getLong(3));
        }, customer.value());
        return rows;
    }

    private void run(Runnable handlers) {
        transactions.executeWithoutResult(status -> handlers.run());
    }
}
