package org.ristourne.broker.share.book;

import static org.ristourne.broker.testing.RuleViolations.violation;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ristourne.broker.api.share.AbandonPayout;
import org.ristourne.broker.api.share.BookPayoutSettled;
import org.ristourne.broker.api.share.PayableRebateChanged;
import org.ristourne.broker.api.share.PayoutAbandoned;
import org.ristourne.broker.api.share.PayoutAllocated;
import org.ristourne.broker.api.share.PayoutLine;
import org.ristourne.broker.api.share.PayoutRequested;
import org.ristourne.broker.api.share.PostingRecorded;
import org.ristourne.broker.api.share.RequestPayout;
import org.ristourne.broker.api.share.RequestPayoutOfPayable;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.posting.PostingId;
import org.ristourne.ledger.sale.CustomerPayouts;

/**
 * A payout reserves what it will take before Stripe is asked: two payouts in flight never take more than is payable
 * together, a payout below the minimum or of nothing is refused, giving one up releases its reservation, and a
 * settlement, requested or not, takes only what no other payout holds.
 */
class PayoutReservationFixtureTest {

    private static final String CUSTOMER = "cus-1";
    private static final String BOOK = CustomerPayoutBook.idOf(CUSTOMER);
    private static final Money MINIMUM = eur(500);

    private AggregateTestFixture<CustomerPayoutBook> fixture;
    private Instant at;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(CustomerPayoutBook.class);
        at = fixture.currentTime();
    }

    private static Money eur(long minor) {
        return Money.of(minor, "EUR");
    }

    private static PayableRebateChanged funded(String sale, long minor) {
        return new PayableRebateChanged(BOOK, CUSTOMER, sale, PostingId.of("sale", sale, "funded"), eur(minor));
    }

    private static PayoutRequested requested(String payoutId, long minor) {
        return new PayoutRequested(BOOK, CUSTOMER, payoutId, eur(minor));
    }

    private static RequestPayout request(String payoutId, long minor) {
        return new RequestPayout(BOOK, CUSTOMER, payoutId, eur(minor), MINIMUM);
    }

    private List<Object> settled(String payoutId, long minor, PayoutLine... lines) {
        return List.of(new PostingRecorded(BOOK, null, null, CUSTOMER,
                        CustomerPayouts.paid(payoutId, CUSTOMER, eur(minor), at)),
                new PayoutAllocated(BOOK, CUSTOMER, payoutId, List.of(lines)));
    }

    @Test
    void aRequestReservesWhatIsPayable() {
        fixture.given(funded("acme/a", 630))
                .when(request("po_1", 630))
                .expectEvents(requested("po_1", 630));
    }

    @Test
    void theSameRequestTwiceReservesOnce() {
        fixture.given(funded("acme/a", 630), requested("po_1", 630))
                .when(request("po_1", 630))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void theSamePayoutRequestedForAnotherAmountIsALoudClash() {
        fixture.given(funded("acme/a", 630), requested("po_1", 630))
                .when(request("po_1", 600))
                .expectException(violation("payout-clash"));
    }

    static Stream<Arguments> refusedRequests() {
        return Stream.of(
                Arguments.of("a second payout beyond what the first left unreserved",
                        List.of(funded("acme/a", 630), requested("po_1", 600)), 500L, "payout-exceeds-payable"),
                Arguments.of("one minor unit above the payable rebate", List.of(funded("acme/a", 630)), 631L,
                        "payout-exceeds-payable"),
                Arguments.of("nothing payable at all", List.of(), 630L, "payout-exceeds-payable"),
                Arguments.of("one minor unit below the minimum payout", List.of(funded("acme/a", 630)), 499L,
                        "payout-below-minimum"),
                Arguments.of("a payout of nothing", List.of(funded("acme/a", 630)), 0L, "non-positive-payout"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedRequests")
    void aRequestBreakingARuleIsRefused(String why, List<Object> given, long minor, String code) {
        fixture.given(given)
                .when(request("po_2", minor))
                .expectException(violation(code));
    }

    @Test
    void abandoningAPayoutReleasesItsReservation() {
        fixture.given(funded("acme/a", 630), requested("po_1", 630))
                .when(new AbandonPayout(BOOK, "po_1", "card_declined"))
                .expectEvents(new PayoutAbandoned(BOOK, CUSTOMER, "po_1", eur(630), "card_declined"));
        fixture.given(funded("acme/a", 630), requested("po_1", 630),
                        new PayoutAbandoned(BOOK, CUSTOMER, "po_1", eur(630), "card_declined"))
                .when(request("po_2", 630))
                .expectEvents(requested("po_2", 630));
    }

    @Test
    void abandoningTwiceOrAfterSettlementRecordsNothing() {
        fixture.given(funded("acme/a", 630), requested("po_1", 630),
                        new PayoutAbandoned(BOOK, CUSTOMER, "po_1", eur(630), "card_declined"))
                .when(new AbandonPayout(BOOK, "po_1", "card_declined"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        List<Object> history = new java.util.ArrayList<>(List.of(funded("acme/a", 630), requested("po_1", 630)));
        history.addAll(settled("po_1", 630, new PayoutLine("acme/a", eur(630))));
        fixture.given(history)
                .when(new AbandonPayout(BOOK, "po_1", "late"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void abandoningAPayoutNeverRequestedIsRefused() {
        fixture.given(funded("acme/a", 630))
                .when(new AbandonPayout(BOOK, "po_9", "why"))
                .expectException(violation("unknown-payout"));
    }

    @Test
    void aRequestedPayoutSettlesOutOfItsOwnReservation() {
        fixture.given(funded("acme/a", 630), requested("po_1", 630))
                .when(new BookPayoutSettled(BOOK, CUSTOMER, "po_1", eur(630), at))
                .expectEvents(settled("po_1", 630, new PayoutLine("acme/a", eur(630))).toArray());
    }

    @Test
    void aRequestedPayoutSettledForAnotherAmountIsALoudClash() {
        fixture.given(funded("acme/a", 630), requested("po_1", 630))
                .when(new BookPayoutSettled(BOOK, CUSTOMER, "po_1", eur(600), at))
                .expectException(violation("payout-clash"));
    }

    @Test
    void aSettlementNoRequestAnnouncedMayNotTakeWhatAPayoutInFlightHolds() {
        fixture.given(funded("acme/a", 630), requested("po_1", 630))
                .when(new BookPayoutSettled(BOOK, CUSTOMER, "po_other", eur(630), at))
                .expectException(violation("payout-exceeds-payable"));
    }

    @Test
    void aPayoutSettledAfterItWasAbandonedIsBookedOnceWhileStillPayable() {
        List<Object> abandoned = List.of(funded("acme/a", 630), requested("po_1", 630),
                new PayoutAbandoned(BOOK, CUSTOMER, "po_1", eur(630), "Stripe unavailable"));
        fixture.given(abandoned)
                .when(new BookPayoutSettled(BOOK, CUSTOMER, "po_1", eur(630), at))
                .expectEvents(settled("po_1", 630, new PayoutLine("acme/a", eur(630))).toArray());
        List<Object> bookedLate = new java.util.ArrayList<>(abandoned);
        bookedLate.addAll(settled("po_1", 630, new PayoutLine("acme/a", eur(630))));
        fixture.given(bookedLate)
                .when(new BookPayoutSettled(BOOK, CUSTOMER, "po_1", eur(630), at))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void theBookReservesAllThatIsPayableAndUnreservedOnceItReachesTheMinimum() {
        fixture.given(funded("acme/a", 300), funded("acme/b", 630))
                .when(new RequestPayoutOfPayable(BOOK, CUSTOMER, "po_1", MINIMUM))
                .expectEvents(requested("po_1", 930));
    }

    static Stream<Arguments> payableHeld() {
        return Stream.of(
                Arguments.of("below the minimum", List.of(funded("acme/a", 499))),
                Arguments.of("the rest after a payout in flight is below the minimum",
                        List.of(funded("acme/a", 630), requested("po_0", 630), funded("acme/b", 300))),
                Arguments.of("the payout id was used already",
                        List.of(funded("acme/a", 630), requested("po_1", 630), funded("acme/b", 630))),
                Arguments.of("payable only in another currency", List.of(new PayableRebateChanged(BOOK, CUSTOMER,
                        "acme/a", PostingId.of("sale", "acme/a", "funded"), Money.of(63000, "JPY")))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payableHeld")
    void theBookReservesNothingWhenWhatIsPayableIsHeld(String why, List<Object> given) {
        fixture.given(given)
                .when(new RequestPayoutOfPayable(BOOK, CUSTOMER, "po_1", MINIMUM))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }
}
