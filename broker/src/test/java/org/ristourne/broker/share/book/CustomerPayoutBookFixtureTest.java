package org.ristourne.broker.share.book;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.axonframework.test.matchers.Matchers.predicate;
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
import org.ristourne.broker.api.share.BookPayoutFailed;
import org.ristourne.broker.api.share.BookPayoutSettled;
import org.ristourne.broker.api.share.BookRebatePayable;
import org.ristourne.broker.api.share.PayableRebateChanged;
import org.ristourne.broker.api.share.PayoutAllocated;
import org.ristourne.broker.api.share.PayoutAllocationReversed;
import org.ristourne.broker.api.share.PayoutLine;
import org.ristourne.broker.api.share.PostingRecorded;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.posting.Posting;
import org.ristourne.ledger.posting.PostingId;
import org.ristourne.ledger.posting.ReasonCode;
import org.ristourne.ledger.sale.CustomerPayouts;

/**
 * A customer's payout book knows what is payable per sale, refuses to pay more, records which sales each payout
 * covered (negative lines netted first, then the oldest funded, the last one partly), and undoes exactly those lines
 * when the payout fails.
 */
class CustomerPayoutBookFixtureTest {

    private static final String CUSTOMER = "cus-1";
    private static final String BOOK = CustomerPayoutBook.idOf(CUSTOMER);

    private AggregateTestFixture<CustomerPayoutBook> fixture;
    private Instant at;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(CustomerPayoutBook.class);
        at = fixture.currentTime();
    }

    private static PayableRebateChanged funded(String sale, long minor) {
        return new PayableRebateChanged(BOOK, CUSTOMER, sale, PostingId.of("sale", sale, "funded"), eur(minor));
    }

    private static BookRebatePayable feed(String sale, long minor) {
        return new BookRebatePayable(BOOK, CUSTOMER, sale, PostingId.of("sale", sale, "funded"), eur(minor));
    }

    private static PayableRebateChanged refunded(String sale, String refund, long minor) {
        return new PayableRebateChanged(BOOK, CUSTOMER, sale, PostingId.of("sale", sale, "refund", refund),
                eur(-minor));
    }

    private Posting paid(String payoutId, long minor) {
        return CustomerPayouts.paid(payoutId, CUSTOMER, eur(minor), at);
    }

    private List<Object> settled(String payoutId, long minor, PayoutLine... lines) {
        return List.of(new PostingRecorded(BOOK, null, null, CUSTOMER, paid(payoutId, minor)),
                new PayoutAllocated(BOOK, CUSTOMER, payoutId, List.of(lines)));
    }

    private List<Object> failed(String payoutId, long minor, PayoutLine... lines) {
        return List.of(
                new PostingRecorded(BOOK, null, null, CUSTOMER, CustomerPayouts.failed(paid(payoutId, minor), at)),
                new PayoutAllocationReversed(BOOK, CUSTOMER, payoutId, List.of(lines)));
    }

    private static PayoutLine line(String sale, long minor) {
        return new PayoutLine(sale, eur(minor));
    }

    private static Money eur(long minor) {
        return Money.of(minor, "EUR");
    }

    private static List<Object> history(Object... steps) {
        return Stream.of(steps).flatMap(step -> step instanceof List<?> list ? list.stream() : Stream.of(step))
                .map(Object.class::cast).toList();
    }

    @Test
    void aRebateMadePayableIsRecordedOnceWhateverTheDeliveries() {
        fixture.givenNoPriorActivity()
                .when(feed("acme/a", 630))
                .expectEvents(funded("acme/a", 630));
        fixture.given(funded("acme/a", 630))
                .when(feed("acme/a", 630))
                .expectNoEvents();
    }

    @Test
    void aPostingThatLeavesThePayableRebateAloneRecordsNothing() {
        fixture.givenNoPriorActivity()
                .when(feed("acme/a", 0))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void theSamePostingFedWithAnotherAmountIsALoudClash() {
        fixture.given(funded("acme/a", 630))
                .when(feed("acme/a", 631))
                .expectException(violation("payable-clash"));
    }

    @Test
    void aSettledPayoutTakesThePayableRebateAndNamesTheSaleItCovered() {
        fixture.given(funded("acme/a", 630))
                .when(new BookPayoutSettled(BOOK, CUSTOMER, "po_1", eur(630), at))
                .expectEvents(settled("po_1", 630, line("acme/a", 630)).toArray());
    }

    static Stream<Arguments> payoutsBeyondPayable() {
        return Stream.of(
                Arguments.of("nothing payable at all", List.of(), Money.of(630, "EUR")),
                Arguments.of("one minor unit above the payable rebate", List.of(funded("acme/a", 630)),
                        Money.of(631, "EUR")),
                Arguments.of("payable only in another currency", List.of(funded("acme/a", 630)),
                        Money.of(630, "JPY")),
                Arguments.of("payable balance negative after a refund that followed a payout",
                        List.of(funded("acme/a", 630), new PostingRecorded(BOOK, null, null, CUSTOMER,
                                        CustomerPayouts.paid("po_0", CUSTOMER, Money.of(630, "EUR"), Instant.EPOCH)),
                                new PayoutAllocated(BOOK, CUSTOMER, "po_0", List.of(line("acme/a", 630))),
                                refunded("acme/a", "rf_1", 243)),
                        Money.of(1, "EUR")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payoutsBeyondPayable")
    void aPayoutAboveWhatIsPayableIsRefused(String why, List<Object> given, Money amount) {
        fixture.given(given)
                .when(new BookPayoutSettled(BOOK, CUSTOMER, "po_1", amount, at))
                .expectException(violation("payout-exceeds-payable"));
    }

    @Test
    void aPayoutOfNothingIsRefused() {
        fixture.given(funded("acme/a", 630))
                .when(new BookPayoutSettled(BOOK, CUSTOMER, "po_0", eur(0), at))
                .expectException(violation("non-positive-payout"));
    }

    @Test
    void aPayoutNetsNegativeLinesFirstThenCoversTheOldestFundedAndThePartOfTheLast() {
        fixture.given(history(
                        funded("acme/d", 300),
                        settled("po_0", 300, line("acme/d", 300)),
                        funded("acme/a", 630),
                        funded("acme/b", 500),
                        funded("acme/c", 400),
                        refunded("acme/d", "rf_1", 300)))
                .when(new BookPayoutSettled(BOOK, CUSTOMER, "po_1", eur(1000), at))
                .expectEvents(settled("po_1", 1000, line("acme/d", -300), line("acme/a", 630), line("acme/b", 500),
                        line("acme/c", 170)).toArray());
    }

    @Test
    void aRefundAfterPayoutLeavesANegativeLineThatTheNextPayoutNets() {
        fixture.given(history(
                        funded("acme/a", 630),
                        settled("po_1", 630, line("acme/a", 630)),
                        refunded("acme/a", "rf_1", 243),
                        funded("acme/b", 500)))
                .when(new BookPayoutSettled(BOOK, CUSTOMER, "po_2", eur(257), at))
                .expectEvents(settled("po_2", 257, line("acme/a", -243), line("acme/b", 500)).toArray());
    }

    @Test
    void aFailedPayoutGivesBackOnlyTheLinesItCovered() {
        fixture.given(history(
                        funded("acme/a", 630),
                        funded("acme/b", 500),
                        settled("po_1", 630, line("acme/a", 630)),
                        settled("po_2", 500, line("acme/b", 500))))
                .when(new BookPayoutFailed(BOOK, "po_1", at))
                .expectEvents(failed("po_1", 630, line("acme/a", 630)).toArray());
    }

    @Test
    void afterAFailureOnlyTheLinesGivenBackArePayableAgain() {
        List<Object> given = history(
                funded("acme/a", 630),
                funded("acme/b", 500),
                settled("po_1", 630, line("acme/a", 630)),
                settled("po_2", 500, line("acme/b", 500)),
                failed("po_1", 630, line("acme/a", 630)));
        fixture.given(given)
                .when(new BookPayoutSettled(BOOK, CUSTOMER, "po_3", eur(631), at))
                .expectException(violation("payout-exceeds-payable"));
        fixture.given(given)
                .when(new BookPayoutSettled(BOOK, CUSTOMER, "po_3", eur(630), at))
                .expectEvents(settled("po_3", 630, line("acme/a", 630)).toArray());
    }

    @Test
    void aFailureIsBookedOnce() {
        fixture.given(history(
                        funded("acme/a", 630),
                        settled("po_1", 630, line("acme/a", 630)),
                        failed("po_1", 630, line("acme/a", 630))))
                .when(new BookPayoutFailed(BOOK, "po_1", at))
                .expectNoEvents();
    }

    @Test
    void anUnknownPayoutCannotFail() {
        fixture.given(history(funded("acme/a", 630), settled("po_1", 630, line("acme/a", 630))))
                .when(new BookPayoutFailed(BOOK, "po_9", at))
                .expectException(violation("unknown-payout"));
    }

    static Stream<Arguments> redeliveredSettlements() {
        return Stream.of(
                Arguments.of("same amount", Money.of(630, "EUR"), null),
                Arguments.of("another amount", Money.of(500, "EUR"), "payout-clash"),
                Arguments.of("another currency", Money.of(630, "JPY"), "payout-clash"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("redeliveredSettlements")
    void aSettlementOfAKnownPayoutIsANoOpWhenIdenticalAndAClashOtherwise(String why, Money amount, String clash) {
        var result = fixture.given(history(funded("acme/a", 630), funded("acme/b", 500),
                        settled("po_1", 630, line("acme/a", 630))))
                .when(new BookPayoutSettled(BOOK, CUSTOMER, "po_1", amount, at));
        if (clash == null) {
            result.expectNoEvents();
        } else {
            result.expectException(violation(clash));
        }
    }

    @Test
    void aFailedPayoutIsReversedByTheMirrorOfItsOwnPosting() {
        Posting paid = paid("po_1", 630);
        fixture.given(history(funded("acme/a", 630), settled("po_1", 630, line("acme/a", 630))))
                .when(new BookPayoutFailed(BOOK, "po_1", at))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(predicate(payload ->
                        payload instanceof PostingRecorded recorded
                                && recorded.posting().reason() == ReasonCode.REVERSAL
                                && paid.id().equals(recorded.posting().reverses())),
                        predicate(payload -> payload instanceof PayoutAllocationReversed), andNoMore())));
    }
}
