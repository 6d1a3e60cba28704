package org.ristourne.broker.share.book;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.util.Optional;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.ristourne.broker.api.RuleViolation;
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
import org.ristourne.ledger.posting.Posting;
import org.ristourne.ledger.sale.SaleShareBook;
import org.ristourne.ledger.sale.ShareBookException;

/**
 * One sale's page of the ledger: the pure {@link SaleShareBook} made durable. Every command is idempotent, because
 * the policies that send them run again whenever events are redelivered: a step already taken records nothing, so a
 * posting exists once whatever the number of deliveries. "Already taken" means with the same content: a report or a
 * refund that reuses a booked key with other figures is refused as a {@code booking-clash}, parked for an operator,
 * never taken for a redelivery.
 */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class SaleBook {

    public static final String PREFIX = "ledger:";
    /** A booking that reuses a booked key with other content: neither a redelivery nor anything to post. */
    public static final String CLASH = "booking-clash";

    @AggregateIdentifier
    private String bookId;
    private SaleShareBook book;
    /** What the vendor paid for the pool, once funded: a funding again must name the same amount. */
    private Money funded;

    protected SaleBook() {
    }

    /**
     * The longest sale key ({@code <63-char vendor>/<128-char sale>}) gives an id of 199 characters, within the 255
     * of Axon's aggregate identifier and dead-letter sequence columns.
     */
    public static String idOf(String saleKey) {
        return PREFIX + saleKey;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(BookSaleReported command) {
        if (book != null) {
            if (!book.isReportOf(command.saleKey(), command.vendorId(), command.customerId(), command.terms(),
                    command.amount(), command.margin())) {
                throw new RuleViolation(CLASH, "sale " + book.saleKey() + " is booked as " + book.amount()
                        + " (margin " + book.margin() + ", vendor " + book.vendor() + ", customer " + book.customer()
                        + ", terms " + book.terms() + "); a report of " + command.saleKey() + " as " + command.amount()
                        + " (margin " + command.margin() + ", vendor " + command.vendorId() + ", customer "
                        + command.customerId() + ", terms " + command.terms() + ") clashes with it");
            }
            return;
        }
        SaleShareBook.Step step = SaleShareBook.reported(command.saleKey(), command.vendorId(), command.customerId(),
                command.terms(), command.amount(), command.margin(), command.at());
        apply(new SaleBookOpened(command.bookId(), command.saleKey(), command.vendorId(), command.customerId(),
                command.terms(), command.amount(), command.margin(), command.at()));
        record(step.posting());
    }

    @CommandHandler
    void handle(BookSaleConfirmed command) {
        if (book.state() != SaleShareBook.State.PENDING) {
            return;
        }
        SaleShareBook.Step step = book.confirmed(command.at());
        apply(new SaleBookConfirmed(bookId, command.at()));
        record(step.posting());
    }

    @CommandHandler
    void handle(BookSaleRefunded command) {
        Optional<Money> booked = book.refund(command.refundId());
        if (booked.isPresent()) {
            if (!booked.get().equals(command.amount())) {
                throw new RuleViolation(CLASH, "refund " + command.refundId() + " of sale " + book.saleKey()
                        + " is booked as " + booked.get() + "; a refund of " + command.amount()
                        + " under the same id clashes with it");
            }
            return;
        }
        SaleShareBook.Step step = book.refunded(command.refundId(), command.amount(), command.at());
        apply(new SaleBookRefunded(bookId, command.refundId(), command.amount(), command.at()));
        record(step.posting());
    }

    /**
     * Funded with the amount the vendor paid, or the standing pool when the command names none. A funding again is a
     * redelivery when it names no amount or the one booked, a clash otherwise. An amount outside what the sale's pool
     * allows (below what stands, above the pool before refunds) is refused as {@code funding-out-of-range}.
     */
    @CommandHandler
    void handle(BookSaleFunded command) {
        if (book.state() == SaleShareBook.State.PAYABLE) {
            if (command.funded() != null && funded != null && !funded.equals(command.funded())) {
                throw new RuleViolation(CLASH, "sale " + book.saleKey() + " is funded with " + funded
                        + "; a funding of " + command.funded() + " clashes with it");
            }
            return;
        }
        if (book.state() != SaleShareBook.State.CONFIRMED) {
            throw new RuleViolation("sale-not-confirmed", "sale " + book.saleKey() + " cannot be funded while "
                    + book.state());
        }
        SaleShareBook.Step step;
        try {
            step = command.funded() == null ? book.funded(command.at()) : book.funded(command.funded(), command.at());
        } catch (ShareBookException e) {
            throw new RuleViolation("funding-out-of-range", e.getMessage());
        }
        apply(new SaleBookFunded(bookId, command.at(), command.funded()));
        record(step.posting());
    }

    /** Once per refund: the same deduction again records nothing, another amount for it is a clash. */
    @CommandHandler
    void handle(BookRefundDeducted command) {
        Optional<Money> booked = book.deduction(command.refundId());
        if (booked.isPresent()) {
            if (!booked.get().equals(command.amount())) {
                throw new RuleViolation(CLASH, "refund " + command.refundId() + " of sale " + book.saleKey()
                        + " is deducted as " + booked.get() + "; a deduction of " + command.amount()
                        + " clashes with it");
            }
            return;
        }
        SaleShareBook.Step step;
        try {
            step = book.refundDeducted(command.refundId(), command.amount(), command.at());
        } catch (ShareBookException e) {
            throw new RuleViolation("deduction-refused", e.getMessage());
        }
        apply(new SaleBookRefundDeducted(bookId, command.refundId(), command.amount(), command.invoiceId(),
                command.at()));
        record(step.posting());
    }

    private void record(Optional<Posting> posting) {
        posting.ifPresent(p -> apply(new PostingRecorded(bookId, book.saleKey(), book.vendor(), book.customer(), p)));
    }

    @EventSourcingHandler
    void on(SaleBookOpened event) {
        bookId = event.bookId();
        book = SaleShareBook.reported(event.saleKey(), event.vendorId(), event.customerId(), event.terms(),
                event.amount(), event.margin(), event.openedAt()).book();
    }

    @EventSourcingHandler
    void on(SaleBookConfirmed event) {
        book = book.confirmed(event.confirmedAt()).book();
    }

    @EventSourcingHandler
    void on(SaleBookRefunded event) {
        book = book.refunded(event.refundId(), event.amount(), event.refundedAt()).book();
    }

    @EventSourcingHandler
    void on(SaleBookFunded event) {
        funded = event.funded() == null ? book.standing().pool() : event.funded();
        book = book.funded(funded, event.fundedAt()).book();
    }

    @EventSourcingHandler
    void on(SaleBookRefundDeducted event) {
        book = book.refundDeducted(event.refundId(), event.amount(), event.deductedAt()).book();
    }
}
