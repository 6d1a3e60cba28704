package org.ristourne.broker.share.book;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.ristourne.broker.api.RuleViolation;
import org.ristourne.broker.api.share.BookPayoutFailed;
import org.ristourne.broker.api.share.BookPayoutSettled;
import org.ristourne.broker.api.share.PostingRecorded;
import org.ristourne.ledger.posting.Posting;
import org.ristourne.ledger.posting.PostingId;
import org.ristourne.ledger.posting.ReasonCode;
import org.ristourne.ledger.sale.CustomerPayouts;

/**
 * A customer's payouts: each settled payout posted once, each failure reversing it once. Payouts are per customer
 * because one payout nets all of a customer's payable rebates.
 */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class CustomerPayoutBook {

    public static final String PREFIX = "payouts:";

    @AggregateIdentifier
    private String bookId;
    private String customerId;
    private Map<String, Posting> settled = new HashMap<>();
    private Set<String> failed = new HashSet<>();

    protected CustomerPayoutBook() {
    }

    public static String idOf(String customerId) {
        return PREFIX + customerId;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(BookPayoutSettled command) {
        PostingId id = PostingId.of("payout", command.payoutId(), "paid");
        if (settled.containsKey(id.value())) {
            return;
        }
        if (!command.amount().isPositive()) {
            throw new RuleViolation("non-positive-payout", "payout " + command.payoutId() + " of " + command.amount());
        }
        apply(new PostingRecorded(command.bookId(), null, null, command.customerId(),
                CustomerPayouts.paid(command.payoutId(), command.customerId(), command.amount(), command.at())));
    }

    @CommandHandler
    void handle(BookPayoutFailed command) {
        Posting paid = settled.get(PostingId.of("payout", command.payoutId(), "paid").value());
        if (paid == null) {
            throw new RuleViolation("unknown-payout", "payout " + command.payoutId() + " was never settled");
        }
        if (failed.contains(paid.id().value())) {
            return;
        }
        apply(new PostingRecorded(bookId, null, null, customerId, CustomerPayouts.failed(paid, command.at())));
    }

    @EventSourcingHandler
    void on(PostingRecorded event) {
        bookId = event.bookId();
        customerId = event.customerId();
        if (event.posting().reason() == ReasonCode.REBATE_PAID) {
            settled.put(event.posting().id().value(), event.posting());
        } else if (event.posting().reverses() != null) {
            failed.add(event.posting().reverses().value());
        }
    }
}
