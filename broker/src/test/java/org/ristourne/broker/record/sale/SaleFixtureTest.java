package org.ristourne.broker.record.sale;

import static org.ristourne.broker.testing.RuleViolations.violation;

import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ristourne.broker.api.Agreement;
import org.ristourne.broker.api.AgreementTerms;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.CustomerRef;
import org.ristourne.broker.api.RefundId;
import org.ristourne.broker.api.RelationshipId;
import org.ristourne.broker.api.SaleId;
import org.ristourne.broker.api.SaleLine;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.sale.RefundSale;
import org.ristourne.broker.api.sale.ReportSale;
import org.ristourne.broker.api.sale.SaleConfirmed;
import org.ristourne.broker.api.sale.SaleRefunded;
import org.ristourne.broker.api.sale.SaleReported;
import org.ristourne.broker.directory.RelationshipEntry;
import org.ristourne.broker.testing.FakeDirectory;
import org.ristourne.broker.testing.FakePersonalData;
import org.ristourne.ledger.money.BasisPoints;
import org.ristourne.ledger.money.Money;

class SaleFixtureTest {

    private static final VendorId ACME = new VendorId("acme");
    private static final VendorId OTHER = new VendorId("other-shop");
    private static final CustomerId ALICE = new CustomerId("cus-alice");
    private static final RelationshipId REL = new RelationshipId("rel-1");
    private static final CustomerRef REF = CustomerRef.random();
    private static final SaleId SALE = new SaleId(ACME, "ord_1001");
    private static final Currency EUR = Currency.getInstance("EUR");
    /** The event holds the vendor's line description sealed for the customer the relationship belongs to. */
    private static final String BOOTS_SEALED = FakePersonalData.sealed(ALICE, "Boots");

    private AggregateTestFixture<Sale> fixture;
    private FakeDirectory directory;
    private Instant now;
    private Agreement version1;
    private Agreement version2;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Sale.class);
        directory = new FakeDirectory();
        fixture.registerInjectableResource(directory);
        fixture.registerInjectableResource(new FakePersonalData());
        now = fixture.currentTime();
        version1 = new Agreement(1, now.minus(Duration.ofDays(10)), new AgreementTerms(BasisPoints.of(2000),
                BasisPoints.of(2500), 14, BasisPoints.of(3000), Set.of(EUR)));
        version2 = new Agreement(2, now.minus(Duration.ofDays(2)), new AgreementTerms(BasisPoints.of(3000),
                BasisPoints.of(1000), 7, null, Set.of(EUR)));
        directory.vendor(ACME, false, version1, version2)
                .customer(ALICE, now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(30)))
                .relationship(new RelationshipEntry(REL, ALICE, ACME, REF, true));
    }

    private static Money eur(long minor) {
        return Money.of(minor, EUR);
    }

    private ReportSale report(Money amount, Money margin, Instant completedAt) {
        return new ReportSale(SALE, REF, amount, margin, completedAt,
                List.of(new SaleLine("Boots", 1, amount)), now);
    }

    private SaleReported reported(Instant completedAt, Agreement agreement) {
        return new SaleReported(SALE, REL, ALICE, eur(12999), eur(4200), false, completedAt, agreement,
                completedAt.plus(Duration.ofDays(agreement.terms().holdDays())),
                List.of(new SaleLine(BOOTS_SEALED, 1, eur(12999))), now);
    }

    @Test
    void aReportIsRecordedUnderTheAgreementInForceWhenTheSaleWasCompleted() {
        Instant completed = now.minus(Duration.ofDays(1));
        fixture.givenNoPriorActivity()
                .when(report(eur(12999), eur(4200), completed))
                .expectEvents(reported(completed, version2))
                .expectScheduledDeadlineWithName(Duration.ofDays(6), Sale.HOLD_ENDED);
    }

    @Test
    void aSaleCompletedBeforeAnAgreementChangeKeepsTheOlderVersion() {
        Instant completed = now.minus(Duration.ofDays(5));
        fixture.givenNoPriorActivity()
                .when(report(eur(12999), eur(4200), completed))
                .expectEvents(reported(completed, version1));
    }

    @Test
    void aMissingMarginIsTheAgreementsDefaultRateOfTheAmountRoundedDown() {
        Instant completed = now.minus(Duration.ofDays(5));
        fixture.givenNoPriorActivity()
                .when(report(eur(12999), null, completed))
                .expectEvents(new SaleReported(SALE, REL, ALICE, eur(12999), eur(3899), true, completed, version1,
                        completed.plus(Duration.ofDays(14)), List.of(new SaleLine(BOOTS_SEALED, 1, eur(12999))),
                        now));
        fixture.givenNoPriorActivity()
                .when(report(eur(12999), null, now))
                .expectException(violation("margin-required"));
    }

    @Test
    void theHoldEndingConfirmsTheSale() {
        Instant completed = now.minus(Duration.ofDays(1));
        fixture.givenNoPriorActivity()
                .andGivenCommands(report(eur(12999), eur(4200), completed))
                .whenThenTimeElapses(Duration.ofDays(6))
                .expectTriggeredDeadlinesWithName(Sale.HOLD_ENDED)
                .expectEvents(new SaleConfirmed(SALE, ALICE, completed.plus(Duration.ofDays(7))));
    }

    @Test
    void aSaleWithNoHoldIsConfirmedAtOnce() {
        Agreement noHold = new Agreement(3, now.minus(Duration.ofHours(1)), new AgreementTerms(BasisPoints.of(2000),
                BasisPoints.of(2500), 0, null, Set.of(EUR)));
        directory.vendor(ACME, false, noHold);
        fixture.givenNoPriorActivity()
                .andGivenCommands(report(eur(12999), eur(4200), now))
                .whenThenTimeElapses(Duration.ofSeconds(1))
                .expectEvents(new SaleConfirmed(SALE, ALICE, now));
    }

    @Test
    void aSaleRefundedInFullDuringTheHoldIsNeverConfirmed() {
        Instant completed = now.minus(Duration.ofDays(1));
        fixture.givenNoPriorActivity()
                .andGivenCommands(report(eur(12999), eur(4200), completed),
                        new RefundSale(SALE, new RefundId("rf_1"), eur(12999), now))
                .whenThenTimeElapses(Duration.ofDays(7))
                .expectTriggeredDeadlinesWithName(Sale.HOLD_ENDED)
                .expectNoEvents();
    }

    @Test
    void aPartlyRefundedSaleIsStillConfirmed() {
        Instant completed = now.minus(Duration.ofDays(1));
        fixture.givenNoPriorActivity()
                .andGivenCommands(report(eur(12999), eur(4200), completed),
                        new RefundSale(SALE, new RefundId("rf_1"), eur(5000), now))
                .whenThenTimeElapses(Duration.ofDays(7))
                .expectEvents(new SaleConfirmed(SALE, ALICE, completed.plus(Duration.ofDays(7))));
    }

    @Test
    void reportsFromUnknownOrSuspendedVendorsAreRefused() {
        fixture.givenNoPriorActivity()
                .when(new ReportSale(new SaleId(new VendorId("nobody"), "ord_1"), REF, eur(100), eur(10), now,
                        List.of(), now))
                .expectException(violation("unknown-vendor"));
        directory.vendor(ACME, true, version1);
        fixture.givenNoPriorActivity()
                .when(report(eur(100), eur(10), now))
                .expectException(violation("vendor-suspended"));
    }

    @Test
    void theCustomerRefMustBeAnOpenRelationshipOfThisVendor() {
        fixture.givenNoPriorActivity()
                .when(new ReportSale(SALE, CustomerRef.random(), eur(100), eur(10), now, List.of(), now))
                .expectException(violation("unknown-customer-ref"));
        CustomerRef othersRef = CustomerRef.random();
        directory.vendor(OTHER, false, version1)
                .relationship(new RelationshipEntry(new RelationshipId("rel-2"), ALICE, OTHER, othersRef, true));
        fixture.givenNoPriorActivity()
                .when(new ReportSale(SALE, othersRef, eur(100), eur(10), now, List.of(), now))
                .expectException(violation("unknown-customer-ref"));
        CustomerRef closedRef = CustomerRef.random();
        directory.relationship(new RelationshipEntry(new RelationshipId("rel-3"), ALICE, ACME, closedRef, false));
        fixture.givenNoPriorActivity()
                .when(new ReportSale(SALE, closedRef, eur(100), eur(10), now, List.of(), now))
                .expectException(violation("closed-customer-ref"));
    }

    @Test
    void aSaleMustHaveBeenCompletedWhileTheCustomerWasSubscribedAndAnAgreementInForce() {
        fixture.givenNoPriorActivity()
                .when(report(eur(100), eur(10), now.minus(Duration.ofDays(40))))
                .expectException(violation("customer-not-subscribed"));
        directory.customer(ALICE, now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(30)));
        fixture.givenNoPriorActivity()
                .when(report(eur(100), eur(10), now.minus(Duration.ofDays(40))))
                .expectException(violation("no-agreement-in-force"));
    }

    @Test
    void aCompletionTimeInTheFutureIsRefused() {
        fixture.givenNoPriorActivity()
                .when(report(eur(100), eur(10), now.plus(Duration.ofMinutes(6))))
                .expectException(violation("completed-in-future"));
    }

    @Test
    void amountsAndMarginsMustBeSound() {
        fixture.givenNoPriorActivity().when(report(eur(0), eur(0), now))
                .expectException(violation("non-positive-amount"));
        fixture.givenNoPriorActivity().when(report(eur(-100), eur(0), now))
                .expectException(violation("non-positive-amount"));
        fixture.givenNoPriorActivity().when(report(Money.of(100, "USD"), Money.of(10, "USD"), now))
                .expectException(violation("unsupported-currency"));
        fixture.givenNoPriorActivity().when(report(eur(100), Money.of(10, "JPY"), now))
                .expectException(violation("currency-mismatch"));
        fixture.givenNoPriorActivity().when(report(eur(100), eur(-1), now))
                .expectException(violation("negative-margin"));
        fixture.givenNoPriorActivity().when(report(eur(100), eur(101), now))
                .expectException(violation("margin-above-amount"));
        fixture.givenNoPriorActivity()
                .when(new ReportSale(SALE, REF, eur(100), eur(10), now,
                        List.of(new SaleLine("Boots", 1, Money.of(100, "JPY"))), now))
                .expectException(violation("currency-mismatch"));
        fixture.givenNoPriorActivity()
                .when(new ReportSale(SALE, REF, eur(100), eur(10), now,
                        List.of(new SaleLine("Boots", 1, eur(-1))), now))
                .expectException(violation("invalid-line"));
    }

    @Test
    void refundsAreCumulativeBeforeAndAfterConfirmation() {
        Instant completed = now.minus(Duration.ofDays(1));
        fixture.given(reported(completed, version2),
                        new SaleRefunded(SALE, ALICE, new RefundId("rf_1"), eur(5000), eur(0), eur(5000), now),
                        new SaleConfirmed(SALE, ALICE, completed.plus(Duration.ofDays(7))))
                .when(new RefundSale(SALE, new RefundId("rf_2"), eur(7999), now))
                .expectEvents(new SaleRefunded(SALE, ALICE, new RefundId("rf_2"), eur(7999), eur(5000), eur(12999),
                        now));
    }

    @Test
    void aRefundBeyondWhatRemainsIsRefused() {
        fixture.given(reported(now, version2),
                        new SaleRefunded(SALE, ALICE, new RefundId("rf_1"), eur(5000), eur(0), eur(5000), now))
                .when(new RefundSale(SALE, new RefundId("rf_2"), eur(8000), now))
                .expectException(violation("refund-exceeds-remaining"));
    }

    @Test
    void refundsMustBePositiveInTheSalesCurrencyAndAfterTheSale() {
        fixture.given(reported(now, version2)).when(new RefundSale(SALE, new RefundId("rf_1"), eur(0), now))
                .expectException(violation("non-positive-amount"));
        fixture.given(reported(now, version2)).when(new RefundSale(SALE, new RefundId("rf_1"), eur(-5), now))
                .expectException(violation("non-positive-amount"));
        fixture.given(reported(now, version2))
                .when(new RefundSale(SALE, new RefundId("rf_1"), Money.of(5, "JPY"), now))
                .expectException(violation("currency-mismatch"));
        fixture.given(reported(now, version2))
                .when(new RefundSale(SALE, new RefundId("rf_1"), eur(5), now.minusSeconds(1)))
                .expectException(violation("refund-before-sale"));
    }

    /** As a sale completed in the future, a refund dated beyond the clocks' skew of its reception is refused. */
    @Test
    void aRefundDatedInTheFutureIsRefused() {
        fixture.given(reported(now, version2))
                .when(new RefundSale(SALE, new RefundId("rf_1"), eur(5), now.plus(Duration.ofMinutes(6)), now))
                .expectException(violation("refunded-in-future"));
        fixture.given(reported(now, version2))
                .when(new RefundSale(SALE, new RefundId("rf_1"), eur(5), now.plus(Duration.ofMinutes(4)), now))
                .expectEvents(new SaleRefunded(SALE, ALICE, new RefundId("rf_1"), eur(5), eur(0), eur(5),
                        now.plus(Duration.ofMinutes(4))));
    }

    @Test
    void theSameRefundAgainIsANoOpAndWithAnotherAmountAConflict() {
        SaleRefunded first = new SaleRefunded(SALE, ALICE, new RefundId("rf_1"), eur(5000), eur(0), eur(5000), now);
        fixture.given(reported(now, version2), first)
                .when(new RefundSale(SALE, new RefundId("rf_1"), eur(5000), now))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(reported(now, version2), first)
                .when(new RefundSale(SALE, new RefundId("rf_1"), eur(4000), now))
                .expectException(violation("refund-conflict"));
    }
}
