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
import org.ristourne.broker.api.share.BookSaleConfirmed;
import org.ristourne.broker.api.share.BookSaleFunded;
import org.ristourne.broker.api.share.BookSaleRefunded;
import org.ristourne.broker.api.share.BookSaleReported;
import org.ristourne.broker.api.share.PostingRecorded;
import org.ristourne.broker.api.share.SaleBookConfirmed;
import org.ristourne.broker.api.share.SaleBookFunded;
import org.ristourne.broker.api.share.SaleBookOpened;
import org.ristourne.broker.api.share.SaleBookRefunded;
import org.ristourne.ledger.posting.Posting;
import org.ristourne.ledger.sale.SaleShareBook;

/**
 * One sale's page of the ledger: the pure {@link SaleShareBook} made durable. Every command is idempotent, because
 * the policies that send them run again whenever events are redelivered: a step already taken records nothing, so a
 * posting exists once whatever the number of deliveries.
 */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class SaleBook {

    public static final String PREFIX = "ledger:";

    @AggregateIdentifier
    private String bookId;
    private SaleShareBook book;

    protected SaleBook() {
    }

    public static String idOf(String saleKey) {
        return PREFIX + saleKey;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(BookSaleReported command) {
        if (book != null) {
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
        if (book.refundIds().contains(command.refundId())) {
            return;
        }
        SaleShareBook.Step step = book.refunded(command.refundId(), command.amount(), command.at());
        apply(new SaleBookRefunded(bookId, command.refundId(), command.amount(), command.at()));
        record(step.posting());
    }

    @CommandHandler
    void handle(BookSaleFunded command) {
        if (book.state() == SaleShareBook.State.PAYABLE) {
            return;
        }
        if (book.state() != SaleShareBook.State.CONFIRMED) {
            throw new RuleViolation("sale-not-confirmed", "sale " + book.saleKey() + " cannot be funded while "
                    + book.state());
        }
        SaleShareBook.Step step = book.funded(command.at());
        apply(new SaleBookFunded(bookId, command.at()));
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
        book = book.funded(event.fundedAt()).book();
    }
}
