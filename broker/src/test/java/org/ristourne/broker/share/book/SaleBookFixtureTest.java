package org.ristourne.broker.share.book;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.axonframework.test.matchers.Matchers.predicate;
import static org.ristourne.broker.testing.RuleViolations.violation;

import java.time.Instant;
import java.util.stream.Stream;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ristourne.broker.api.share.BookRefundDeducted;
import org.ristourne.broker.api.share.BookSaleConfirmed;
import org.ristourne.broker.api.share.BookSaleFunded;
import org.ristourne.broker.api.share.BookSaleRefunded;
import org.ristourne.broker.api.share.BookSaleReported;
import org.ristourne.broker.api.share.PostingRecorded;
import org.ristourne.broker.api.share.SaleBookConfirmed;
import org.ristourne.broker.api.share.SaleBookFunded;
import org.ristourne.broker.api.share.SaleBookOpened;
import org.ristourne.broker.api.share.SaleBookRefundDeducted;
import org.ristourne.broker.api.share.SaleBookRefunded;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.posting.PostingId;
import org.ristourne.ledger.posting.ReasonCode;
import org.ristourne.ledger.share.ShareTerms;

class SaleBookFixtureTest {

    private static final String BOOK = SaleBook.idOf("acme/ord_1");
    private static final ShareTerms TERMS = ShareTerms.of(2000, 2500);

    private AggregateTestFixture<SaleBook> fixture;
    private Instant at;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(SaleBook.class);
        at = fixture.currentTime();
    }

    private static Money eur(long minor) {
        return Money.of(minor, "EUR");
    }

    private SaleBookOpened opened() {
        return new SaleBookOpened(BOOK, "acme/ord_1", "acme", "cus-1", TERMS, eur(12999), eur(4200), at);
    }

    private static org.hamcrest.Matcher<Object> posting(ReasonCode reason, String id) {
        return predicate(payload -> payload instanceof PostingRecorded recorded
                && recorded.posting().reason() == reason && recorded.posting().id().value().equals(id)
                && "acme/ord_1".equals(recorded.saleKey()) && "cus-1".equals(recorded.customerId()));
    }

    @Test
    void aReportedSaleOpensItsBookWithPendingShares() {
        fixture.givenNoPriorActivity()
                .when(new BookSaleReported(BOOK, "acme/ord_1", "acme", "cus-1", TERMS, eur(12999), eur(4200), at))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(predicate(opened()::equals),
                        posting(ReasonCode.SHARES_PENDING, PostingId.of("sale", "acme/ord_1", "reported").value()), andNoMore())));
    }

    @Test
    void aRedeliveredReportPostsNothing() {
        fixture.given(opened())
                .when(new BookSaleReported(BOOK, "acme/ord_1", "acme", "cus-1", TERMS, eur(12999), eur(4200), at))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void confirmationPostsOnceAndOnlyOnce() {
        fixture.given(opened())
                .when(new BookSaleConfirmed(BOOK, at))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(predicate(new SaleBookConfirmed(BOOK, at)::equals),
                        posting(ReasonCode.SHARES_CONFIRMED, PostingId.of("sale", "acme/ord_1", "confirmed").value()), andNoMore())));
        fixture.given(opened(), new SaleBookConfirmed(BOOK, at))
                .when(new BookSaleConfirmed(BOOK, at))
                .expectNoEvents();
    }

    @Test
    void aRefundReversesItsShareOnceWhateverTheNumberOfDeliveries() {
        fixture.given(opened())
                .when(new BookSaleRefunded(BOOK, "rf_1", eur(5000), at))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        predicate(new SaleBookRefunded(BOOK, "rf_1", eur(5000), at)::equals),
                        predicate(payload -> payload instanceof PostingRecorded recorded
                                && recorded.posting().id().value().equals(PostingId.of("sale", "acme/ord_1", "refund", "rf_1").value())
                                && recorded.posting().entries().stream().anyMatch(entry ->
                                entry.amount().equals(eur(323)))),
                        andNoMore())));
        fixture.given(opened(), new SaleBookRefunded(BOOK, "rf_1", eur(5000), at))
                .when(new BookSaleRefunded(BOOK, "rf_1", eur(5000), at))
                .expectNoEvents();
    }

    @Test
    void fundingMakesTheRebatePayableOnceAndNeedsAConfirmedSale() {
        fixture.given(opened(), new SaleBookConfirmed(BOOK, at))
                .when(new BookSaleFunded(BOOK, at))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(predicate(new SaleBookFunded(BOOK, at)::equals),
                        posting(ReasonCode.SHARES_FUNDED, PostingId.of("sale", "acme/ord_1", "funded").value()), andNoMore())));
        fixture.given(opened(), new SaleBookConfirmed(BOOK, at), new SaleBookFunded(BOOK, at))
                .when(new BookSaleFunded(BOOK, at))
                .expectNoEvents();
        fixture.given(opened())
                .when(new BookSaleFunded(BOOK, at))
                .expectException(violation("sale-not-confirmed"));
    }

    @Test
    void fundingWithTheInvoicedAmountAfterARefundMovesWhatWasPaid() {
        fixture.given(opened(), new SaleBookConfirmed(BOOK, at), new SaleBookRefunded(BOOK, "rf_1", eur(5000), at))
                .when(new BookSaleFunded(BOOK, at, eur(840)))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        predicate(new SaleBookFunded(BOOK, at, eur(840))::equals),
                        predicate(payload -> payload instanceof PostingRecorded recorded
                                && recorded.posting().reason() == ReasonCode.SHARES_FUNDED
                                && recorded.posting().entries().stream().anyMatch(entry ->
                                        entry.account().type().name().equals("PLATFORM_CASH")
                                                && entry.amount().equals(eur(840)))),
                        andNoMore())));
    }

    @Test
    void fundingAgainIsARedeliveryWithTheSameAmountAndAClashWithAnother() {
        fixture.given(opened(), new SaleBookConfirmed(BOOK, at), new SaleBookRefunded(BOOK, "rf_1", eur(5000), at),
                        new SaleBookFunded(BOOK, at, eur(840)))
                .when(new BookSaleFunded(BOOK, at, eur(840)))
                .expectNoEvents();
        fixture.given(opened(), new SaleBookConfirmed(BOOK, at), new SaleBookRefunded(BOOK, "rf_1", eur(5000), at),
                        new SaleBookFunded(BOOK, at, eur(840)))
                .when(new BookSaleFunded(BOOK, at, eur(517)))
                .expectException(violation("booking-clash"))
                .expectNoEvents();
    }

    @Test
    void fundingWithMoreThanThePoolIsRefused() {
        fixture.given(opened(), new SaleBookConfirmed(BOOK, at))
                .when(new BookSaleFunded(BOOK, at, eur(841)))
                .expectException(violation("funding-out-of-range"))
                .expectNoEvents();
    }

    @Test
    void aRefundAfterFundingIsDeductedOnceAndNeverBeyondItsReversal() {
        Object[] funded = {opened(), new SaleBookConfirmed(BOOK, at), new SaleBookFunded(BOOK, at, eur(840)),
                new SaleBookRefunded(BOOK, "rf_1", eur(5000), at)};
        fixture.given(funded)
                .when(new BookRefundDeducted(BOOK, "rf_1", eur(323), "vinv_2", at))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        predicate(new SaleBookRefundDeducted(BOOK, "rf_1", eur(323), "vinv_2", at)::equals),
                        posting(ReasonCode.REFUND_DEDUCTED,
                                PostingId.of("sale", "acme/ord_1", "refund", "rf_1", "deducted").value()),
                        andNoMore())));
        fixture.given(funded).andGiven(new SaleBookRefundDeducted(BOOK, "rf_1", eur(323), "vinv_2", at))
                .when(new BookRefundDeducted(BOOK, "rf_1", eur(323), "vinv_2", at))
                .expectNoEvents();
        fixture.given(funded).andGiven(new SaleBookRefundDeducted(BOOK, "rf_1", eur(323), "vinv_2", at))
                .when(new BookRefundDeducted(BOOK, "rf_1", eur(300), "vinv_3", at))
                .expectException(violation("booking-clash"));
        fixture.given(funded)
                .when(new BookRefundDeducted(BOOK, "rf_1", eur(324), "vinv_2", at))
                .expectException(violation("deduction-refused"))
                .expectNoEvents();
    }

    @Test
    void aSaleWithoutMarginOpensABookWithoutPostings() {
        fixture.givenNoPriorActivity()
                .when(new BookSaleReported(BOOK, "acme/ord_1", "acme", "cus-1", TERMS, eur(12999), eur(0), at))
                .expectEvents(new SaleBookOpened(BOOK, "acme/ord_1", "acme", "cus-1", TERMS, eur(12999), eur(0), at));
    }

    /** A vendor id of 63 characters and a sale id of 128, the longest the intake accepts. */
    private static final String LONGEST_VENDOR = "v".repeat(63);
    private static final String LONGEST_SALE = LONGEST_VENDOR + "/" + "s:".repeat(64);

    @Test
    void aSaleWithTheLongestIdsIsBooked() {
        fixture.givenNoPriorActivity()
                .when(new BookSaleReported(SaleBook.idOf(LONGEST_SALE), LONGEST_SALE, LONGEST_VENDOR, "c".repeat(128),
                        TERMS, eur(12999), eur(4200), at))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        predicate(payload -> payload instanceof SaleBookOpened),
                        predicate(payload -> payload instanceof PostingRecorded recorded
                                && recorded.posting().reason() == ReasonCode.SHARES_PENDING),
                        andNoMore())));
    }

    @Test
    void aRefundWithTheLongestIdIsBooked() {
        String sale = LONGEST_VENDOR + "/ord_1";
        String book = SaleBook.idOf(sale);
        fixture.given(new SaleBookOpened(book, sale, LONGEST_VENDOR, "cus-1", TERMS, eur(12999), eur(4200), at))
                .when(new BookSaleRefunded(book, "r:".repeat(64), eur(5000), at))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        predicate(new SaleBookRefunded(book, "r:".repeat(64), eur(5000), at)::equals),
                        predicate(payload -> payload instanceof PostingRecorded recorded
                                && recorded.posting().reason() == ReasonCode.SHARES_REFUNDED),
                        andNoMore())));
    }

    static Stream<Arguments> reportsThatDifferFromTheOpenedBook() {
        Instant at = Instant.parse("2026-11-24T10:00:00Z");
        return Stream.of(
                Arguments.of("vendor", new BookSaleReported(BOOK, "acme/ord_1", "acme2", "cus-1", TERMS, eur(12999),
                        eur(4200), at)),
                Arguments.of("customer", new BookSaleReported(BOOK, "acme/ord_1", "acme", "cus-2", TERMS, eur(12999),
                        eur(4200), at)),
                Arguments.of("terms", new BookSaleReported(BOOK, "acme/ord_1", "acme", "cus-1",
                        ShareTerms.of(2000, 2600), eur(12999), eur(4200), at)),
                Arguments.of("amount", new BookSaleReported(BOOK, "acme/ord_1", "acme", "cus-1", TERMS, eur(13000),
                        eur(4200), at)),
                Arguments.of("margin", new BookSaleReported(BOOK, "acme/ord_1", "acme", "cus-1", TERMS, eur(12999),
                        eur(4201), at)),
                Arguments.of("currency", new BookSaleReported(BOOK, "acme/ord_1", "acme", "cus-1", TERMS,
                        Money.of(12999, "USD"), Money.of(4200, "USD"), at)),
                Arguments.of("sale key", new BookSaleReported(BOOK, "acme/ord_2", "acme", "cus-1", TERMS, eur(12999),
                        eur(4200), at)));
    }

    @ParameterizedTest(name = "other {0}")
    @MethodSource("reportsThatDifferFromTheOpenedBook")
    void aReportWithOtherContentThanTheOpenedBookIsRefusedAsAClash(String field, BookSaleReported report) {
        fixture.given(opened())
                .when(report)
                .expectException(violation("booking-clash"))
                .expectNoEvents();
    }

    @Test
    void aRefundIdBookedAgainWithAnotherAmountIsRefusedAsAClash() {
        fixture.given(opened(), new SaleBookRefunded(BOOK, "rf_1", eur(5000), at))
                .when(new BookSaleRefunded(BOOK, "rf_1", eur(5001), at))
                .expectException(violation("booking-clash"))
                .expectNoEvents();
    }
}
