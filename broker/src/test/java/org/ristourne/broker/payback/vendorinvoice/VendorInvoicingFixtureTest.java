package org.ristourne.broker.payback.vendorinvoice;

import static org.ristourne.broker.testing.RuleViolations.violation;

import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ristourne.billing.api.SaleSharesFunded;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.vendorinvoice.InvoiceLine;
import org.ristourne.broker.api.vendorinvoice.InvoicedDeduction;
import org.ristourne.broker.api.vendorinvoice.InvoicedSale;
import org.ristourne.broker.api.vendorinvoice.IssueVendorInvoice;
import org.ristourne.broker.api.vendorinvoice.RecordVendorInvoicePaid;
import org.ristourne.broker.api.vendorinvoice.RecordVendorInvoiceSent;
import org.ristourne.broker.api.vendorinvoice.RefundDeductedFromInvoice;
import org.ristourne.broker.api.vendorinvoice.TrackVendorReceivable;
import org.ristourne.broker.api.vendorinvoice.VendorInvoiceFailed;
import org.ristourne.broker.api.vendorinvoice.VendorInvoiceIssued;
import org.ristourne.broker.api.vendorinvoice.VendorInvoicePaid;
import org.ristourne.broker.api.vendorinvoice.VendorInvoiceSent;
import org.ristourne.broker.api.vendorinvoice.VendorInvoicingOpened;
import org.ristourne.broker.api.vendorinvoice.VendorReceivableTracked;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.posting.PostingId;
import org.ristourne.ledger.posting.ReasonCode;

/**
 * A vendor's invoicing: what it owes per sale from the ledger's postings, invoices per currency of the sales
 * confirmed in the period less the refunds to give back, a currency that nets to nothing or less carried forward, a
 * period invoiced once, and a payment that funds the sales as invoiced, once, and only for the line's exact total.
 */
class VendorInvoicingFixtureTest {

    private static final VendorId VENDOR = new VendorId("acme");
    private static final String ID = VendorInvoicing.idOf(VENDOR);
    private static final Currency EUR = Currency.getInstance("EUR");
    private static final Currency USD = Currency.getInstance("USD");
    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
    private static final Instant PERIOD_END = Instant.parse("2026-12-01T00:00:00Z");
    private static final Instant ISSUED_AT = Instant.parse("2026-12-01T03:00:00Z");
    private static final Instant DUE_AT = ISSUED_AT.plus(Duration.ofDays(30));
    private static final String INVOICE = VendorInvoicing.invoiceIdOf(VENDOR, PERIOD_END);
    private static final Instant NEXT_END = Instant.parse("2027-01-01T00:00:00Z");
    private static final String NEXT_INVOICE = VendorInvoicing.invoiceIdOf(VENDOR, NEXT_END);

    private AggregateTestFixture<VendorInvoicing> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(VendorInvoicing.class);
    }

    private static Money eur(long minor) {
        return Money.of(minor, EUR);
    }

    private static VendorReceivableTracked reported(String sale, Money pool) {
        return new VendorReceivableTracked(ID, sale, PostingId.of("sale", sale, "reported").value(),
                ReasonCode.SHARES_PENDING, pool, T0.minusSeconds(60));
    }

    private static VendorReceivableTracked confirmed(String sale, Currency currency) {
        return new VendorReceivableTracked(ID, sale, PostingId.of("sale", sale, "confirmed").value(),
                ReasonCode.SHARES_CONFIRMED, Money.zero(currency), T0);
    }

    private static VendorReceivableTracked refunded(String sale, String refund, Money reversal) {
        return new VendorReceivableTracked(ID, sale, PostingId.of("sale", sale, "refund", refund).value(),
                ReasonCode.SHARES_REFUNDED, reversal.negate(), T0.plusSeconds(60));
    }

    private static TrackVendorReceivable track(VendorReceivableTracked event) {
        return new TrackVendorReceivable(ID, VENDOR, event.saleKey(), new PostingId(event.postingId()), event.reason(),
                event.change(), event.postedAt());
    }

    private static IssueVendorInvoice issue(Instant periodEnd) {
        return new IssueVendorInvoice(ID, VENDOR, periodEnd, periodEnd.plusSeconds(3 * 3600),
                periodEnd.plusSeconds(3 * 3600).plus(Duration.ofDays(30)));
    }

    private static final VendorInvoicingOpened OPENED = new VendorInvoicingOpened(ID, VENDOR);
    private static final InvoiceLine ORD_1_LINE = new InvoiceLine(EUR, List.of(new InvoicedSale("acme/ord_1",
            eur(840))), List.of(), eur(840));
    private static final VendorInvoiceIssued ORD_1_ISSUED = new VendorInvoiceIssued(ID, INVOICE, VENDOR, PERIOD_END,
            ISSUED_AT, DUE_AT, List.of(ORD_1_LINE), null);

    @Test
    void theFirstPostingOpensTheVendorsInvoicingAndTheSameOneAgainChangesNothing() {
        fixture.givenNoPriorActivity()
                .when(track(reported("acme/ord_1", eur(840))))
                .expectEvents(OPENED, reported("acme/ord_1", eur(840)));
        fixture.given(OPENED, reported("acme/ord_1", eur(840)))
                .when(track(reported("acme/ord_1", eur(840))))
                .expectNoEvents();
    }

    @Test
    void anInvoiceTakesTheSalesConfirmedInThePeriodNetOfRefundsBeforeIt() {
        fixture.given(OPENED, reported("acme/ord_1", eur(840)), refunded("acme/ord_1", "rf_1", eur(323)),
                        confirmed("acme/ord_1", EUR), reported("acme/ord_2", eur(500)),
                        reported("acme/ord_3", Money.of(1000, USD)), confirmed("acme/ord_3", USD))
                .when(issue(PERIOD_END))
                .expectResultMessagePayload(INVOICE)
                .expectEvents(new VendorInvoiceIssued(ID, INVOICE, VENDOR, PERIOD_END, ISSUED_AT, DUE_AT, List.of(
                        new InvoiceLine(EUR, List.of(new InvoicedSale("acme/ord_1", eur(517))), List.of(), eur(517)),
                        new InvoiceLine(USD, List.of(new InvoicedSale("acme/ord_3", Money.of(1000, USD))), List.of(),
                                Money.of(1000, USD))), null));
    }

    @Test
    void aSaleConfirmedAfterThePeriodWaitsForTheNextInvoice() {
        fixture.given(OPENED, reported("acme/ord_1", eur(840)), new VendorReceivableTracked(ID, "acme/ord_1",
                        PostingId.of("sale", "acme/ord_1", "confirmed").value(), ReasonCode.SHARES_CONFIRMED, eur(0),
                        PERIOD_END))
                .when(issue(PERIOD_END))
                .expectResultMessagePayload(null)
                .expectNoEvents();
    }

    @Test
    void nothingToInvoiceRecordsNothing() {
        fixture.given(OPENED, reported("acme/ord_1", eur(840)))
                .when(issue(PERIOD_END))
                .expectResultMessagePayload(null)
                .expectNoEvents();
    }

    @Test
    void aPeriodIsInvoicedOnceWhateverTheNumberOfSchedulers() {
        fixture.given(OPENED, reported("acme/ord_1", eur(840)), confirmed("acme/ord_1", EUR), ORD_1_ISSUED,
                        reported("acme/ord_2", eur(100)), confirmed("acme/ord_2", EUR))
                .when(issue(PERIOD_END))
                .expectResultMessagePayload(INVOICE)
                .expectNoEvents();
    }

    @Test
    void aPaidLineFundsItsSalesAsInvoicedAndGivesBackItsDeductions() {
        InvoiceLine line = new InvoiceLine(EUR, List.of(new InvoicedSale("acme/ord_2", eur(1000))),
                List.of(new InvoicedDeduction("acme/ord_1", "rf_1", eur(323))), eur(677));
        fixture.given(OPENED, reported("acme/ord_1", eur(840)), confirmed("acme/ord_1", EUR), ORD_1_ISSUED,
                        refunded("acme/ord_1", "rf_1", eur(323)),
                        new VendorInvoicePaid(ID, INVOICE, VENDOR, "in_1", eur(840), ISSUED_AT),
                        reported("acme/ord_2", eur(1000)), confirmed("acme/ord_2", EUR),
                        new VendorInvoiceIssued(ID, NEXT_INVOICE, VENDOR, NEXT_END, NEXT_END, NEXT_END, List.of(line),
                                null))
                .when(new RecordVendorInvoicePaid(ID, NEXT_INVOICE, "in_2", eur(677), NEXT_END.plusSeconds(5)))
                .expectEvents(new VendorInvoicePaid(ID, NEXT_INVOICE, VENDOR, "in_2", eur(677),
                                NEXT_END.plusSeconds(5)),
                        new SaleSharesFunded("acme/ord_2", "in_2", NEXT_END.plusSeconds(5), eur(1000)),
                        new RefundDeductedFromInvoice("acme/ord_1", "rf_1", eur(323), NEXT_INVOICE,
                                NEXT_END.plusSeconds(5)));
    }

    @Test
    void aRefundAfterInvoicingIsDeductedFromTheFirstInvoiceIssuedOnceItsSaleIsPaid() {
        Object[] history = {OPENED, reported("acme/ord_1", eur(840)), confirmed("acme/ord_1", EUR), ORD_1_ISSUED,
                refunded("acme/ord_1", "rf_1", eur(323)), reported("acme/ord_2", eur(1000)),
                confirmed("acme/ord_2", EUR)};
        // ord_1's invoice is not paid yet: the vendor has not paid what would be given back
        fixture.given(history)
                .when(issue(NEXT_END))
                .expectEvents(new VendorInvoiceIssued(ID, NEXT_INVOICE, VENDOR, NEXT_END, NEXT_END.plusSeconds(10800),
                        NEXT_END.plusSeconds(10800).plus(Duration.ofDays(30)), List.of(new InvoiceLine(EUR,
                        List.of(new InvoicedSale("acme/ord_2", eur(1000))), List.of(), eur(1000))), null));
        fixture.given(history)
                .andGiven(new VendorInvoicePaid(ID, INVOICE, VENDOR, "in_1", eur(840), ISSUED_AT))
                .when(issue(NEXT_END))
                .expectEvents(new VendorInvoiceIssued(ID, NEXT_INVOICE, VENDOR, NEXT_END, NEXT_END.plusSeconds(10800),
                        NEXT_END.plusSeconds(10800).plus(Duration.ofDays(30)), List.of(new InvoiceLine(EUR,
                        List.of(new InvoicedSale("acme/ord_2", eur(1000))),
                        List.of(new InvoicedDeduction("acme/ord_1", "rf_1", eur(323))), eur(677))), null));
    }

    @Test
    void aCurrencyWhoseDeductionsOutweighItsSalesIsCarriedForward() {
        Object[] history = {OPENED, reported("acme/ord_1", eur(840)), confirmed("acme/ord_1", EUR), ORD_1_ISSUED,
                new VendorInvoicePaid(ID, INVOICE, VENDOR, "in_1", eur(840), ISSUED_AT),
                refunded("acme/ord_1", "rf_1", eur(840)), reported("acme/ord_2", eur(100)),
                confirmed("acme/ord_2", EUR), reported("acme/ord_3", Money.of(500, USD)), confirmed("acme/ord_3", USD)};
        Instant issuedAt = NEXT_END.plusSeconds(10800);
        fixture.given(history)
                .when(issue(NEXT_END))
                .expectEvents(new VendorInvoiceIssued(ID, NEXT_INVOICE, VENDOR, NEXT_END, issuedAt,
                        issuedAt.plus(Duration.ofDays(30)), List.of(new InvoiceLine(USD,
                        List.of(new InvoicedSale("acme/ord_3", Money.of(500, USD))), List.of(), Money.of(500, USD))),
                        null));
        Instant later = Instant.parse("2027-02-01T00:00:00Z");
        fixture.given(history)
                .andGiven(new VendorInvoiceIssued(ID, NEXT_INVOICE, VENDOR, NEXT_END, issuedAt, issuedAt, List.of(
                                new InvoiceLine(USD, List.of(new InvoicedSale("acme/ord_3", Money.of(500, USD))),
                                        List.of(), Money.of(500, USD))), null),
                        reported("acme/ord_4", eur(2000)), confirmed("acme/ord_4", EUR))
                .when(issue(later))
                .expectEvents(new VendorInvoiceIssued(ID, VendorInvoicing.invoiceIdOf(VENDOR, later), VENDOR, later,
                        later.plusSeconds(10800), later.plusSeconds(10800).plus(Duration.ofDays(30)), List.of(
                        new InvoiceLine(EUR, List.of(new InvoicedSale("acme/ord_2", eur(100)),
                                new InvoicedSale("acme/ord_4", eur(2000))),
                                List.of(new InvoicedDeduction("acme/ord_1", "rf_1", eur(840))), eur(1260))), null));
    }

    @Test
    void aLinePaidTwiceIsFundedOnce() {
        fixture.given(OPENED, reported("acme/ord_1", eur(840)), confirmed("acme/ord_1", EUR), ORD_1_ISSUED,
                        new VendorInvoicePaid(ID, INVOICE, VENDOR, "in_1", eur(840), ISSUED_AT))
                .when(new RecordVendorInvoicePaid(ID, INVOICE, "in_1", eur(840), ISSUED_AT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aLinePaidBeforeItsSendingWasRecordedIsFundedAndTheLateSendingChangesNothing() {
        fixture.given(OPENED, reported("acme/ord_1", eur(840)), confirmed("acme/ord_1", EUR), ORD_1_ISSUED)
                .when(new RecordVendorInvoicePaid(ID, INVOICE, "in_1", eur(840), ISSUED_AT))
                .expectEvents(new VendorInvoicePaid(ID, INVOICE, VENDOR, "in_1", eur(840), ISSUED_AT),
                        new SaleSharesFunded("acme/ord_1", "in_1", ISSUED_AT, eur(840)));
        fixture.given(OPENED, reported("acme/ord_1", eur(840)), confirmed("acme/ord_1", EUR), ORD_1_ISSUED,
                        new VendorInvoicePaid(ID, INVOICE, VENDOR, "in_1", eur(840), ISSUED_AT))
                .when(new RecordVendorInvoiceSent(ID, INVOICE, EUR, "in_1", "cus_V", DUE_AT, ISSUED_AT))
                .expectNoEvents();
    }

    @Test
    void aLineSentIsRecordedOnce() {
        fixture.given(OPENED, reported("acme/ord_1", eur(840)), confirmed("acme/ord_1", EUR), ORD_1_ISSUED)
                .when(new RecordVendorInvoiceSent(ID, INVOICE, EUR, "in_1", "cus_V", DUE_AT, ISSUED_AT))
                .expectEvents(new VendorInvoiceSent(ID, INVOICE, EUR, "in_1", "cus_V", DUE_AT, ISSUED_AT));
        fixture.given(OPENED, reported("acme/ord_1", eur(840)), confirmed("acme/ord_1", EUR), ORD_1_ISSUED,
                        new VendorInvoiceSent(ID, INVOICE, EUR, "in_1", "cus_V", DUE_AT, ISSUED_AT))
                .when(new RecordVendorInvoiceSent(ID, INVOICE, EUR, "in_1", "cus_V", DUE_AT, ISSUED_AT))
                .expectNoEvents();
    }

    @Test
    void aPaymentOfAnotherAmountThanTheLinesTotalIsRefused() {
        fixture.given(OPENED, reported("acme/ord_1", eur(840)), confirmed("acme/ord_1", EUR), ORD_1_ISSUED)
                .when(new RecordVendorInvoicePaid(ID, INVOICE, "in_1", eur(839), ISSUED_AT))
                .expectException(violation("vendor-invoice-amount-mismatch"))
                .expectNoEvents();
    }

    @Test
    void aPaymentOfAnInvoiceTheVendorNeverHadIsRefused() {
        fixture.given(OPENED, reported("acme/ord_1", eur(840)))
                .when(new RecordVendorInvoicePaid(ID, "vinv_x", "in_1", eur(840), ISSUED_AT))
                .expectException(violation("unknown-vendor-invoice"))
                .expectNoEvents();
    }

    @Test
    void aFailedLineGivesItsSalesToTheNextInvoiceAndALatePaymentOfItIsRefused() {
        VendorInvoiceFailed failed = new VendorInvoiceFailed(ID, INVOICE, EUR, "Stripe refused the invoice", ISSUED_AT);
        fixture.given(OPENED, reported("acme/ord_1", eur(840)), confirmed("acme/ord_1", EUR), ORD_1_ISSUED, failed)
                .when(issue(NEXT_END))
                .expectEvents(new VendorInvoiceIssued(ID, NEXT_INVOICE, VENDOR, NEXT_END, NEXT_END.plusSeconds(10800),
                        NEXT_END.plusSeconds(10800).plus(Duration.ofDays(30)), List.of(ORD_1_LINE), null));
        fixture.given(OPENED, reported("acme/ord_1", eur(840)), confirmed("acme/ord_1", EUR), ORD_1_ISSUED, failed)
                .when(new RecordVendorInvoicePaid(ID, INVOICE, "in_1", eur(840), ISSUED_AT))
                .expectException(violation("vendor-invoice-failed-then-paid"))
                .expectNoEvents();
    }

    @Test
    void aRefundTrackedTwiceAfterPaymentIsDeductedOnce() {
        Object[] history = {OPENED, reported("acme/ord_1", eur(840)), confirmed("acme/ord_1", EUR), ORD_1_ISSUED,
                new VendorInvoicePaid(ID, INVOICE, VENDOR, "in_1", eur(840), ISSUED_AT)};
        fixture.given(history)
                .when(track(refunded("acme/ord_1", "rf_1", eur(323))))
                .expectEvents(refunded("acme/ord_1", "rf_1", eur(323)));
        fixture.given(history)
                .andGiven(refunded("acme/ord_1", "rf_1", eur(323)))
                .when(track(refunded("acme/ord_1", "rf_1", eur(323))))
                .expectNoEvents();
    }
}
