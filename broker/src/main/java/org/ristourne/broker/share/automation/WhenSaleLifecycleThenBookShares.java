package org.ristourne.broker.share.automation;

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
import org.ristourne.broker.api.share.BookSaleConfirmed;
import org.ristourne.broker.api.share.BookSaleFunded;
import org.ristourne.broker.api.share.BookSaleRefunded;
import org.ristourne.broker.api.share.BookSaleReported;
import org.ristourne.broker.share.book.CustomerPayoutBook;
import org.ristourne.broker.share.book.SaleBook;
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
        commands.sendAndWait(new BookSaleFunded(SaleBook.idOf(event.saleKey()), event.fundedAt()));
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
