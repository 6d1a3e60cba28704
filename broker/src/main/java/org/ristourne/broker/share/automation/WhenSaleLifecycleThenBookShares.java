package org.ristourne.broker.share.automation;

import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.ristourne.billing.api.PayoutFailed;
import org.ristourne.billing.api.PayoutSettled;
import org.ristourne.billing.api.SaleSharesFunded;
import org.ristourne.broker.api.sale.SaleConfirmed;
import org.ristourne.broker.api.sale.SaleRefunded;
import org.ristourne.broker.api.sale.SaleReported;
import org.ristourne.broker.api.share.BookPayoutFailed;
import org.ristourne.broker.api.share.BookPayoutSettled;
import org.ristourne.broker.api.share.BookRefundDeducted;
import org.ristourne.broker.api.share.BookSaleConfirmed;
import org.ristourne.broker.api.share.BookSaleFunded;
import org.ristourne.broker.api.share.BookSaleRefunded;
import org.ristourne.broker.api.share.BookRebatePayable;
import org.ristourne.broker.api.share.BookSaleReported;
import org.ristourne.broker.api.share.PostingRecorded;
import org.ristourne.broker.api.vendorinvoice.RefundDeductedFromInvoice;
import org.ristourne.broker.share.book.CustomerPayoutBook;
import org.ristourne.broker.share.book.SaleBook;
import org.ristourne.ledger.account.Account;
import org.ristourne.ledger.account.AccountType;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.posting.Entry;
import org.springframework.stereotype.Component;

/**
 * Turns each step of a sale, and each payout billing reports, into a ledger booking. Stateless: the books it
 * commands are idempotent, so redelivered events (a reset token, a retry after a crash) post nothing twice. Events of
 * one sale are handled in order (see {@link LedgerBookingSequencing}); a booking that keeps failing is parked in the
 * dead-letter queue with the rest of its sale, while other sales go on.
 */
@Component
@ProcessingGroup(WhenSaleLifecycleThenBookShares.GROUP)
public class WhenSaleLifecycleThenBookShares {

    public static final String GROUP = "ledger-booking";

    private final CommandGateway commands;

    public WhenSaleLifecycleThenBookShares(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    void on(SaleReported event) {
        commands.sendAndWait(new BookSaleReported(SaleBook.idOf(event.saleId().toString()), event.saleId().toString(),
                event.saleId().vendorId().value(), event.customerId().value(), event.agreement().terms().shareTerms(),
                event.amount(), event.margin(), event.completedAt()));
    }

    @EventHandler
    void on(SaleConfirmed event) {
        commands.sendAndWait(new BookSaleConfirmed(SaleBook.idOf(event.saleId().toString()), event.confirmedAt()));
    }

    @EventHandler
    void on(SaleRefunded event) {
        commands.sendAndWait(new BookSaleRefunded(SaleBook.idOf(event.saleId().toString()), event.refundId().value(),
                event.amount(), event.refundedAt()));
    }

    @EventHandler
    void on(SaleSharesFunded event) {
        commands.sendAndWait(new BookSaleFunded(SaleBook.idOf(event.saleKey()), event.fundedAt(), event.funded()));
    }

    /** A refund the vendor had paid for was given back on its next invoice (vendor invoicing). */
    @EventHandler
    void on(RefundDeductedFromInvoice event) {
        commands.sendAndWait(new BookRefundDeducted(SaleBook.idOf(event.saleKey()), event.refundId(), event.amount(),
                event.invoiceId(), event.deductedAt()));
    }

    /**
     * Feeds the customer's payout book every change a sale's posting makes to the customer's payable rebate
     * (funding, a refund after funding), so that the book knows what it may pay out and which sale a payout covers.
     * The payout book's own postings are not fed: the book made them.
     */
    @EventHandler
    void on(PostingRecorded event) {
        if (event.saleKey() == null) {
            return;
        }
        payableChange(event).ifPresent(change -> commands.sendAndWait(new BookRebatePayable(
                CustomerPayoutBook.idOf(event.customerId()), event.customerId(), event.saleKey(),
                event.posting().id(), change)));
    }

    /** What the posting did to the customer's payable rebate, read on the account's normal (credit) side. */
    static Optional<Money> payableChange(PostingRecorded event) {
        Money change = null;
        for (Entry entry : event.posting().entries()) {
            Account account = entry.account();
            if (account.type() == AccountType.CUSTOMER_REBATE_PAYABLE && account.owner().equals(event.customerId())) {
                Money signed = Money.of(account.type().normalBalance(entry.signedMinorUnits()), account.currency());
                change = change == null ? signed : change.plus(signed);
            }
        }
        return Optional.ofNullable(change).filter(money -> !money.isZero());
    }

    @EventHandler
    void on(PayoutSettled event) {
        commands.sendAndWait(new BookPayoutSettled(CustomerPayoutBook.idOf(event.customerId()), event.customerId(),
                event.payoutId(), event.amount(), event.settledAt()));
    }

    @EventHandler
    void on(PayoutFailed event) {
        commands.sendAndWait(new BookPayoutFailed(CustomerPayoutBook.idOf(event.customerId()), event.payoutId(),
                event.failedAt()));
    }
}
