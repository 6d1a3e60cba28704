package org.ristourne.ledger.sale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Currency;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ristourne.ledger.account.Account;
import org.ristourne.ledger.account.AccountType;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.posting.Balances;
import org.ristourne.ledger.posting.Posting;
import org.ristourne.ledger.posting.ReasonCode;
import org.ristourne.ledger.share.ShareTerms;

class SaleShareBookTest {

    private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");
    private static final Currency EUR = Currency.getInstance("EUR");

    private final Balances balances = new Balances();

    private SaleShareBook report() {
        SaleShareBook.Step step = SaleShareBook.reported("acme/ord_1", "acme", "cus-1", ShareTerms.of(2000, 2500),
                Money.of(12999, EUR), Money.of(4200, EUR), AT);
        return book(step);
    }

    private SaleShareBook book(SaleShareBook.Step step) {
        step.posting().ifPresent(balances::apply);
        return step.book();
    }

    private long normal(Account account) {
        return account.type().normalBalance(balances.of(account));
    }

    @Test
    void reportingPostsPendingSharesOwedByTheVendor() {
        SaleShareBook.Step step = SaleShareBook.reported("acme/ord_1", "acme", "cus-1", ShareTerms.of(2000, 2500),
                Money.of(12999, EUR), Money.of(4200, EUR), AT);
        Posting posting = step.posting().orElseThrow();
        assertThat(posting.id().parts()).containsExactly("sale", "acme/ord_1", "reported");
        assertThat(posting.reason()).isEqualTo(ReasonCode.SHARES_PENDING);
        balances.apply(posting);
        assertThat(normal(Account.vendorReceivable("acme", EUR))).isEqualTo(840);
        assertThat(normal(Account.customerPending("cus-1", EUR))).isEqualTo(630);
        assertThat(normal(Account.brokerFeePending(EUR))).isEqualTo(210);
    }

    @Test
    void aSaleWithEveryIdAtItsLongestIsBookedAndRefunded() {
        String saleKey = "v".repeat(63) + "/" + "s:".repeat(64);
        SaleShareBook book = book(SaleShareBook.reported(saleKey, "v".repeat(63), "c".repeat(128),
                ShareTerms.of(2000, 2500), Money.of(12999, EUR), Money.of(4200, EUR), AT));
        book = book(book.refunded("r:".repeat(64), Money.of(5000, EUR), AT));
        assertThat(normal(Account.customerPending("c".repeat(128), EUR))).isEqualTo(630 - 243);
    }

    @Test
    void confirmationMovesWhatStandsAfterRefunds() {
        SaleShareBook book = book(report().refunded("rf_1", Money.of(5000, EUR), AT));
        book = book(book.confirmed(AT));
        assertThat(book.state()).isEqualTo(SaleShareBook.State.CONFIRMED);
        assertThat(normal(Account.customerPending("cus-1", EUR))).isZero();
        assertThat(normal(Account.customerConfirmed("cus-1", EUR))).isEqualTo(630 - 243);
        assertThat(normal(Account.brokerFeeEarned(EUR))).isEqualTo(210 - 80);
        assertThat(normal(Account.vendorReceivable("acme", EUR))).isEqualTo(840 - 323);
    }

    @Test
    void fundingMakesTheRebatePayableAndBringsCash() {
        SaleShareBook book = book(report().confirmed(AT));
        book = book(book.funded(AT));
        assertThat(book.state()).isEqualTo(SaleShareBook.State.PAYABLE);
        assertThat(normal(Account.vendorReceivable("acme", EUR))).isZero();
        assertThat(normal(Account.platformCash(EUR))).isEqualTo(840);
        assertThat(normal(Account.customerPayable("cus-1", EUR))).isEqualTo(630);
    }

    @Test
    void aRefundAfterInvoicingIsFundedAsInvoicedThenDeductedBackToZero() {
        SaleShareBook book = book(report().confirmed(AT));
        // invoiced 8.40; the 50.00 refund (pool reversal 3.23) comes before the vendor pays the invoice
        book = book(book.refunded("rf_1", Money.of(5000, EUR), AT));
        SaleShareBook.Step funding = book.funded(Money.of(840, EUR), AT);
        book = book(funding);
        assertThat(funding.posting().orElseThrow().reason()).isEqualTo(ReasonCode.SHARES_FUNDED);
        assertThat(normal(Account.vendorReceivable("acme", EUR))).isEqualTo(-323);
        assertThat(normal(Account.platformCash(EUR))).isEqualTo(840);
        assertThat(normal(Account.customerPayable("cus-1", EUR))).isEqualTo(630 - 243);

        SaleShareBook.Step deduction = book.refundDeducted("rf_1", Money.of(323, EUR), AT);
        Posting posting = deduction.posting().orElseThrow();
        assertThat(posting.id().parts()).containsExactly("sale", "acme/ord_1", "refund", "rf_1", "deducted");
        assertThat(posting.reason()).isEqualTo(ReasonCode.REFUND_DEDUCTED);
        book = book(deduction);
        assertThat(book.deduction("rf_1")).contains(Money.of(323, EUR));
        assertThat(normal(Account.vendorReceivable("acme", EUR))).isZero();
        assertThat(normal(Account.platformCash(EUR))).isEqualTo(840 - 323);
        assertThat(balances.sumPerCurrency()).containsEntry(EUR, 0L);
    }

    @Test
    void refundAfterPayoutLeavesNegativeBalanceThatTheNextRebateAbsorbs() {
        SaleShareBook first = book(book(report().confirmed(AT)).funded(AT));
        balances.apply(CustomerPayouts.paid("po_1", "cus-1", Money.of(630, EUR), AT));
        book(first.refunded("rf_1", Money.of(12999, EUR), AT));
        Account payable = Account.customerPayable("cus-1", EUR);
        assertThat(normal(payable)).isEqualTo(-630);
        assertThat(CustomerPayouts.payable(Money.of(normal(payable), EUR)).isZero()).isTrue();

        SaleShareBook second = book(SaleShareBook.reported("acme/ord_2", "acme", "cus-1", ShareTerms.of(2000, 2500),
                Money.of(50000, EUR), Money.of(20000, EUR), AT));
        book(book(second.confirmed(AT)).funded(AT));
        // ord_2's rebate is 30.00; 6.30 of it repays the refunded rebate already paid out.
        assertThat(normal(payable)).isEqualTo(3000 - 630);
        assertThat(balances.sumPerCurrency()).containsEntry(EUR, 0L);
    }

    @Test
    void failedPayoutMakesTheRebatePayableAgain() {
        book(book(report().confirmed(AT)).funded(AT));
        Posting paid = CustomerPayouts.paid("po_1", "cus-1", Money.of(630, EUR), AT);
        balances.apply(paid);
        assertThat(normal(Account.customerPayable("cus-1", EUR))).isZero();
        Posting failed = CustomerPayouts.failed(paid, AT);
        assertThat(failed.reverses()).isEqualTo(paid.id());
        balances.apply(failed);
        assertThat(normal(Account.customerPayable("cus-1", EUR))).isEqualTo(630);
        assertThat(normal(Account.platformCash(EUR))).isEqualTo(840);
    }

    @Test
    void fullRefundWhilePendingNetsEveryAccountToZero() {
        book(report().refunded("rf_1", Money.of(12000, EUR), AT)).refunded("rf_2", Money.of(999, EUR), AT)
                .posting().ifPresent(balances::apply);
        assertThat(balances.all().values()).containsOnly(0L);
    }

    static Stream<Arguments> stepsThatCannotBeTaken() {
        return Stream.of(
                Arguments.of("funding a pending sale", (Step) book -> book.funded(AT)),
                Arguments.of("confirming twice", (Step) book -> book.confirmed(AT).book().confirmed(AT)),
                Arguments.of("booking a refund id twice", (Step) book -> book.refunded("rf_1", Money.of(100, EUR), AT)
                        .book().refunded("rf_1", Money.of(100, EUR), AT)),
                Arguments.of("refunding beyond the amount", (Step) book -> book.refunded("rf_1", Money.of(100, EUR), AT)
                        .book().refunded("rf_2", Money.of(12999 - 99, EUR), AT)),
                Arguments.of("refunding nothing", (Step) book -> book.refunded("rf_3", Money.of(0, EUR), AT)),
                Arguments.of("funding below the standing pool", (Step) book -> book.confirmed(AT).book()
                        .funded(Money.of(839, EUR), AT)),
                Arguments.of("funding above the pool before refunds", (Step) book -> book.confirmed(AT).book()
                        .funded(Money.of(841, EUR), AT)),
                Arguments.of("deducting before funding", (Step) book -> book.refunded("rf_1", Money.of(5000, EUR), AT)
                        .book().refundDeducted("rf_1", Money.of(323, EUR), AT)),
                Arguments.of("deducting an unknown refund", (Step) book -> funded(book.refunded("rf_1",
                        Money.of(5000, EUR), AT).book()).refundDeducted("rf_2", Money.of(1, EUR), AT)),
                Arguments.of("deducting a refund twice", (Step) book -> funded(book.refunded("rf_1",
                        Money.of(5000, EUR), AT).book()).refundDeducted("rf_1", Money.of(100, EUR), AT).book()
                        .refundDeducted("rf_1", Money.of(100, EUR), AT)),
                Arguments.of("deducting more than the refund reversed", (Step) book -> funded(book.refunded("rf_1",
                        Money.of(5000, EUR), AT).book()).refundDeducted("rf_1", Money.of(324, EUR), AT)),
                Arguments.of("deducting nothing", (Step) book -> funded(book.refunded("rf_1",
                        Money.of(5000, EUR), AT).book()).refundDeducted("rf_1", Money.of(0, EUR), AT)),
                Arguments.of("paying out nothing", (Step) book -> CustomerPayouts.paid("po", "cus-1", Money.of(0, EUR),
                        AT)));
    }

    /** Confirmed and funded as invoiced before its refunds: the whole pool. */
    private static SaleShareBook funded(SaleShareBook book) {
        return book.confirmed(AT).book().funded(Money.of(840, EUR), AT).book();
    }

    interface Step {
        Object take(SaleShareBook book);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stepsThatCannotBeTaken")
    void aStepThatCannotBeTakenIsRefused(String step, Step attempt) {
        SaleShareBook book = report();
        assertThatThrownBy(() -> attempt.take(book)).isInstanceOf(ShareBookException.class);
    }

    @Test
    void theSameStepAlwaysNamesTheSamePosting() {
        SaleShareBook book = report();
        assertThat(book.confirmed(AT).posting().orElseThrow().id())
                .isEqualTo(book.confirmed(AT.plusSeconds(5)).posting().orElseThrow().id());
    }

    @Test
    void aRefundTooSmallToMoveAMinorUnitPostsNothingButIsKept() {
        SaleShareBook.Step step = report().refunded("rf_9", Money.of(1, EUR), AT);
        assertThat(step.posting()).isEmpty();
        assertThat(step.book().refund("rf_9")).contains(Money.of(1, EUR));
    }

    @Test
    void aCreditBalanceReadsPositiveOnAnAccountWhoseNormalSideIsCredit() {
        assertThat(AccountType.CUSTOMER_REBATE_PAYABLE.normalBalance(-630)).isEqualTo(630);
    }
}
