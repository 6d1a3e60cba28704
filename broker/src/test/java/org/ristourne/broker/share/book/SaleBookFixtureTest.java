package org.ristourne.broker.share.book;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.axonframework.test.matchers.Matchers.predicate;
import static org.ristourne.broker.testing.RuleViolations.violation;

import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ristourne.broker.api.share.BookSaleConfirmed;
import org.ristourne.broker.api.share.BookSaleFunded;
import org.ristourne.broker.api.share.BookSaleRefunded;
import org.ristourne.broker.api.share.BookSaleReported;
import org.ristourne.broker.api.share.PostingRecorded;
import org.ristourne.broker.api.share.SaleBookConfirmed;
import org.ristourne.broker.api.share.SaleBookFunded;
import org.ristourne.broker.api.share.SaleBookOpened;
import org.ristourne.broker.api.share.SaleBookRefunded;
import org.ristourne.ledger.money.Money;
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
                        posting(ReasonCode.SHARES_PENDING, "sale:acme/ord_1:reported"), andNoMore())));
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
                        posting(ReasonCode.SHARES_CONFIRMED, "sale:acme/ord_1:confirmed"), andNoMore())));
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
                                && recorded.posting().id().value().equals("sale:acme/ord_1:refund:rf_1")
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
                        posting(ReasonCode.SHARES_FUNDED, "sale:acme/ord_1:funded"), andNoMore())));
        fixture.given(opened(), new SaleBookConfirmed(BOOK, at), new SaleBookFunded(BOOK, at))
                .when(new BookSaleFunded(BOOK, at))
                .expectNoEvents();
        fixture.given(opened())
                .when(new BookSaleFunded(BOOK, at))
                .expectException(violation("sale-not-confirmed"));
    }

    @Test
    void aSaleWithoutMarginOpensABookWithoutPostings() {
        fixture.givenNoPriorActivity()
                .when(new BookSaleReported(BOOK, "acme/ord_1", "acme", "cus-1", TERMS, eur(12999), eur(0), at))
                .expectEvents(new SaleBookOpened(BOOK, "acme/ord_1", "acme", "cus-1", TERMS, eur(12999), eur(0), at));
    }
}
