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
import org.ristourne.broker.api.share.BookPayoutFailed;
import org.ristourne.broker.api.share.BookPayoutSettled;
import org.ristourne.broker.api.share.PostingRecorded;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.posting.Posting;
import org.ristourne.ledger.posting.ReasonCode;
import org.ristourne.ledger.sale.CustomerPayouts;

class CustomerPayoutBookFixtureTest {

    private static final String BOOK = CustomerPayoutBook.idOf("cus-1");

    private AggregateTestFixture<CustomerPayoutBook> fixture;
    private Instant at;
    private Posting paid;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(CustomerPayoutBook.class);
        at = fixture.currentTime();
        paid = CustomerPayouts.paid("po_1", "cus-1", Money.of(630, "EUR"), at);
    }

    @Test
    void aSettledPayoutTakesTheRebateOutOfPayable() {
        fixture.givenNoPriorActivity()
                .when(new BookPayoutSettled(BOOK, "cus-1", "po_1", Money.of(630, "EUR"), at))
                .expectEvents(new PostingRecorded(BOOK, null, null, "cus-1", paid));
    }

    @Test
    void aRedeliveredSettlementPostsNothing() {
        fixture.given(new PostingRecorded(BOOK, null, null, "cus-1", paid))
                .when(new BookPayoutSettled(BOOK, "cus-1", "po_1", Money.of(630, "EUR"), at))
                .expectNoEvents();
    }

    @Test
    void aPayoutOfNothingIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new BookPayoutSettled(BOOK, "cus-1", "po_0", Money.of(0, "EUR"), at))
                .expectException(violation("non-positive-payout"));
    }

    @Test
    void aFailedPayoutIsReversedOnceMakingTheRebatePayableAgain() {
        fixture.given(new PostingRecorded(BOOK, null, null, "cus-1", paid))
                .when(new BookPayoutFailed(BOOK, "po_1", at))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(predicate(payload ->
                        payload instanceof PostingRecorded recorded
                                && recorded.posting().reason() == ReasonCode.REVERSAL
                                && paid.id().equals(recorded.posting().reverses())), andNoMore())));
        fixture.given(new PostingRecorded(BOOK, null, null, "cus-1", paid),
                        new PostingRecorded(BOOK, null, null, "cus-1", CustomerPayouts.failed(paid, at)))
                .when(new BookPayoutFailed(BOOK, "po_1", at))
                .expectNoEvents();
    }

    @Test
    void anUnknownPayoutCannotFail() {
        fixture.given(new PostingRecorded(BOOK, null, null, "cus-1", paid))
                .when(new BookPayoutFailed(BOOK, "po_9", at))
                .expectException(violation("unknown-payout"));
    }
}
