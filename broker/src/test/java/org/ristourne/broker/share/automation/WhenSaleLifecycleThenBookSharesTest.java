package org.ristourne.broker.share.automation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.ristourne.billing.api.PayoutFailed;
import org.ristourne.billing.api.PayoutSettled;
import org.ristourne.billing.api.SaleSharesFunded;
import org.ristourne.broker.api.Agreement;
import org.ristourne.broker.api.AgreementTerms;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.RefundId;
import org.ristourne.broker.api.RelationshipId;
import org.ristourne.broker.api.SaleId;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.sale.SaleConfirmed;
import org.ristourne.broker.api.sale.SaleRefunded;
import org.ristourne.broker.api.sale.SaleReported;
import org.ristourne.broker.api.share.BookPayoutFailed;
import org.ristourne.broker.api.share.BookPayoutSettled;
import org.ristourne.broker.api.share.BookSaleConfirmed;
import org.ristourne.broker.api.share.BookSaleFunded;
import org.ristourne.broker.api.share.BookSaleRefunded;
import org.ristourne.broker.api.share.BookRebatePayable;
import org.ristourne.broker.api.share.BookSaleReported;
import org.ristourne.broker.api.share.PostingRecorded;
import org.ristourne.ledger.account.Account;
import org.ristourne.ledger.money.BasisPoints;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.posting.Posting;
import org.ristourne.ledger.posting.PostingId;
import org.ristourne.ledger.posting.ReasonCode;
import org.ristourne.ledger.sale.CustomerPayouts;
import org.ristourne.ledger.share.ShareTerms;

/** Each event of a sale's life, and each of billing's, becomes exactly one booking command for the right book. */
class WhenSaleLifecycleThenBookSharesTest {

    private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");
    private static final SaleId SALE = new SaleId(new VendorId("acme"), "ord_1");
    private static final CustomerId ALICE = new CustomerId("cus-1");

    private final List<Object> sent = new ArrayList<>();
    private WhenSaleLifecycleThenBookShares policy;

    @BeforeEach
    void setUp() {
        CommandBus bus = Mockito.mock(CommandBus.class);
        Mockito.doAnswer(invocation -> {
            CommandMessage<?> command = invocation.getArgument(0);
            sent.add(command.getPayload());
            invocation.<org.axonframework.commandhandling.CommandCallback<Object, Object>>getArgument(1)
                    .onResult((CommandMessage<Object>) command, GenericCommandResultMessage.asCommandResultMessage(null));
            return null;
        }).when(bus).dispatch(Mockito.any(), Mockito.any());
        policy = new WhenSaleLifecycleThenBookShares(DefaultCommandGateway.builder().commandBus(bus).build());
    }

    @Test
    void aReportedSaleOpensItsBookWithTheFrozenTerms() {
        Agreement agreement = new Agreement(3, AT, new AgreementTerms(BasisPoints.of(2000), BasisPoints.of(2500), 14,
                null, Set.of(Currency.getInstance("EUR"))));
        policy.on(new SaleReported(SALE, new RelationshipId("rel-1"), ALICE, Money.of(12999, "EUR"),
                Money.of(4200, "EUR"), false, AT, agreement, AT.plusSeconds(14 * 86400), List.of(), AT));
        assertThat(sent).containsExactly(new BookSaleReported("ledger:acme/ord_1", "acme/ord_1", "acme", "cus-1",
                ShareTerms.of(2000, 2500), Money.of(12999, "EUR"), Money.of(4200, "EUR"), AT));
    }

    @Test
    void confirmationRefundAndFundingBookTheSameSale() {
        policy.on(new SaleConfirmed(SALE, ALICE, AT));
        policy.on(new SaleRefunded(SALE, ALICE, new RefundId("rf_1"), Money.of(5000, "EUR"), Money.of(0, "EUR"),
                Money.of(5000, "EUR"), AT));
        policy.on(new SaleSharesFunded("acme/ord_1", "ch_1", AT));
        assertThat(sent).containsExactly(new BookSaleConfirmed("ledger:acme/ord_1", AT),
                new BookSaleRefunded("ledger:acme/ord_1", "rf_1", Money.of(5000, "EUR"), AT),
                new BookSaleFunded("ledger:acme/ord_1", AT));
    }

    @Test
    void payoutsAreBookedPerCustomer() {
        policy.on(new PayoutSettled("po_1", "cus-1", Money.of(630, "EUR"), AT));
        policy.on(new PayoutFailed("po_1", "cus-1", "card_declined", AT));
        assertThat(sent).containsExactly(new BookPayoutSettled("payouts:cus-1", "cus-1", "po_1", Money.of(630, "EUR"), AT),
                new BookPayoutFailed("payouts:cus-1", "po_1", AT));
    }

    private static final Currency EUR = Currency.getInstance("EUR");

    /** Through the policy's annotations, as its processor would deliver the event. */
    private void deliver(Object event) {
        try {
            new AnnotationEventHandlerAdapter(policy).handle(GenericEventMessage.asEventMessage(event));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static PostingRecorded saleBookPosting(Posting posting) {
        return new PostingRecorded("ledger:acme/ord_1", "acme/ord_1", "acme", "cus-1", posting);
    }

    private static Posting funded() {
        return Posting.builder(PostingId.of("sale", "acme/ord_1", "funded"), ReasonCode.SHARES_FUNDED, AT)
                .move(Account.platformCash(EUR), Account.vendorReceivable("acme", EUR), Money.of(517, EUR))
                .move(Account.customerConfirmed("cus-1", EUR), Account.customerPayable("cus-1", EUR),
                        Money.of(387, EUR))
                .build();
    }

    /** A refund of 50.00 reversing 2.43 of rebate from where the rebate stands: confirmed, or payable once funded. */
    private static Posting refunded(String refundId, Account rebateStandsOn) {
        return Posting.builder(PostingId.of("sale", "acme/ord_1", "refund", refundId), ReasonCode.SHARES_REFUNDED, AT)
                .debit(rebateStandsOn, Money.of(243, EUR))
                .debit(Account.brokerFeeEarned(EUR), Money.of(80, EUR))
                .credit(Account.vendorReceivable("acme", EUR), Money.of(323, EUR))
                .build();
    }

    private static Posting refundedAfterFunding() {
        return refunded("rf_2", Account.customerPayable("cus-1", EUR));
    }

    private static Posting refundedBeforeFunding() {
        return refunded("rf_1", Account.customerConfirmed("cus-1", EUR));
    }

    @Test
    void aSalePostingThatChangesThePayableRebateIsFedToTheCustomersPayoutBook() {
        deliver(saleBookPosting(funded()));
        deliver(saleBookPosting(refundedAfterFunding()));
        assertThat(sent).containsExactly(
                new BookRebatePayable("payouts:cus-1", "cus-1", "acme/ord_1", funded().id(), Money.of(387, EUR)),
                new BookRebatePayable("payouts:cus-1", "cus-1", "acme/ord_1", refundedAfterFunding().id(),
                        Money.of(-243, EUR)));
    }

    @Test
    void postingsThatLeaveThePayableRebateAloneAreNotFed() {
        deliver(saleBookPosting(refundedBeforeFunding()));
        deliver(new PostingRecorded("payouts:cus-1", null, null, "cus-1",
                CustomerPayouts.paid("po_1", "cus-1", Money.of(387, EUR), AT)));
        assertThat(sent).isEmpty();
    }

    @Test
    void thePayableFeedSharesTheSequenceOfTheCustomersPayouts() {
        LedgerBookingSequencing sequencing = new LedgerBookingSequencing();
        Object feed = sequencing.getSequenceIdentifierFor(GenericEventMessage.asEventMessage(
                saleBookPosting(funded())));
        Object payout = sequencing.getSequenceIdentifierFor(GenericEventMessage.asEventMessage(
                new PayoutSettled("po_1", "cus-1", Money.of(387, EUR), AT)));
        Object failure = sequencing.getSequenceIdentifierFor(GenericEventMessage.asEventMessage(
                new PayoutFailed("po_1", "cus-1", "card_declined", AT)));
        assertThat(feed).isEqualTo(payout).isEqualTo(failure).isEqualTo("payouts:cus-1");
    }

    @Test
    void eventsOfOneSaleShareASequenceWhateverTheirSource() {
        LedgerBookingSequencing sequencing = new LedgerBookingSequencing();
        Object reported = sequencing.getSequenceIdentifierFor(GenericEventMessage.asEventMessage(
                new SaleConfirmed(SALE, ALICE, AT)));
        Object funded = sequencing.getSequenceIdentifierFor(GenericEventMessage.asEventMessage(
                new SaleSharesFunded("acme/ord_1", "ch_1", AT)));
        assertThat(reported).isEqualTo(funded).isEqualTo("acme/ord_1");
    }
}
