package org.ristourne.broker.share.book;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.ristourne.broker.api.RuleViolation;
import org.ristourne.broker.api.share.AbandonPayout;
import org.ristourne.broker.api.share.BookPayoutFailed;
import org.ristourne.broker.api.share.BookPayoutSettled;
import org.ristourne.broker.api.share.BookRebatePayable;
import org.ristourne.broker.api.share.PayableRebateChanged;
import org.ristourne.broker.api.share.PayoutAbandoned;
import org.ristourne.broker.api.share.PayoutAllocated;
import org.ristourne.broker.api.share.PayoutAllocationReversed;
import org.ristourne.broker.api.share.PayoutLine;
import org.ristourne.broker.api.share.PayoutRequested;
import org.ristourne.broker.api.share.PostingRecorded;
import org.ristourne.broker.api.share.RequestPayout;
import org.ristourne.broker.api.share.RequestPayoutOfPayable;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.posting.Posting;
import org.ristourne.ledger.posting.PostingId;
import org.ristourne.ledger.posting.ReasonCode;
import org.ristourne.ledger.sale.CustomerPayouts;

/**
 * A customer's payouts, and what is payable to the customer per sale. Every posting of a sale that changes the
 * customer's payable rebate is fed in ({@link BookRebatePayable}: funding adds, a refund after funding takes back and
 * may leave a sale owing); a settled payout may take no more than what is payable in its currency, and records which
 * sales it covered and how much of each ({@link PayoutAllocated}); a failed payout reverses its own posting and gives
 * back exactly its own lines. Payouts are per customer because one payout nets all of a customer's payable rebates.
 *
 * <p>Every command is idempotent, because the booking policy runs again on redelivered events: a posting fed twice,
 * or a payout settled twice, with the same content records nothing; with other content it is a clash, refused loudly.
 *
 * <p>A payout is reserved before Stripe is asked ({@link RequestPayout}, {@link RequestPayoutOfPayable}), so that two
 * payouts in flight never take more than is payable together. Its settlement consumes its own reservation; giving it
 * up ({@link AbandonPayout}) releases it. A settlement no request announced (an operator's payout, or one confirmed
 * after it was abandoned) is still booked, but only out of what is payable and not reserved by payouts in flight:
 * the money has left, yet a payout in flight may already be taking the same rebate to Stripe, so a settlement that
 * does not fit is refused and parked for the operator rather than booked twice.
 */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class CustomerPayoutBook {

    public static final String PREFIX = "payouts:";

    /** What one sale has payable to the customer now; {@code fundedOrder} ranks sales by when they became payable. */
    record Payable(long fundedOrder, Money amount) {
    }

    /** One posting of a sale already fed in, kept to tell a redelivery from a clash. */
    record Fed(String saleKey, Money change) {
    }

    @AggregateIdentifier
    private String bookId;
    private String customerId;
    private Map<String, Payable> payable = new HashMap<>();
    private Map<String, Fed> fed = new HashMap<>();
    private Map<String, Posting> settled = new HashMap<>();
    private Map<String, List<PayoutLine>> allocations = new HashMap<>();
    private Set<String> failed = new HashSet<>();
    /** Every payout ever requested, with its amount: tells a repeated request from a clash. */
    private Map<String, Money> requested = new HashMap<>();
    /** Payouts requested and neither settled nor abandoned yet: what they hold back from other payouts. */
    private Map<String, Money> reserved = new HashMap<>();

    protected CustomerPayoutBook() {
    }

    public static String idOf(String customerId) {
        return PREFIX + customerId;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(BookRebatePayable command) {
        Fed known = fed.get(command.postingId().value());
        Fed fresh = new Fed(command.saleKey(), command.change());
        if (known != null) {
            if (!known.equals(fresh)) {
                throw new RuleViolation("payable-clash", "posting " + command.postingId() + " was fed as "
                        + known.change() + " of sale " + known.saleKey() + ", now as " + command.change()
                        + " of sale " + command.saleKey());
            }
            return;
        }
        if (command.change().isZero()) {
            return;
        }
        Payable line = payable.get(command.saleKey());
        if (line != null && !line.amount().currency().equals(command.change().currency())) {
            throw new RuleViolation("payable-clash", "sale " + command.saleKey() + " is payable in "
                    + line.amount().currency() + ", not " + command.change().currency());
        }
        apply(new PayableRebateChanged(command.bookId(), command.customerId(), command.saleKey(), command.postingId(),
                command.change()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(BookPayoutSettled command) {
        Posting known = settled.get(paidId(command.payoutId()).value());
        if (known != null) {
            Money amount = amountOf(known);
            if (!amount.equals(command.amount())) {
                throw new RuleViolation("payout-clash", "payout " + command.payoutId() + " was settled for " + amount
                        + ", now for " + command.amount());
            }
            return;
        }
        if (!command.amount().isPositive()) {
            throw new RuleViolation("non-positive-payout", "payout " + command.payoutId() + " of " + command.amount());
        }
        Money ownReservation = reserved.get(command.payoutId());
        if (ownReservation != null && !ownReservation.equals(command.amount())) {
            throw new RuleViolation("payout-clash", "payout " + command.payoutId() + " was requested for "
                    + ownReservation + ", now settled for " + command.amount());
        }
        Money balance = available(command.amount().currency())
                .plus(ownReservation == null ? Money.zero(command.amount().currency()) : ownReservation);
        if (command.amount().compareTo(balance) > 0) {
            throw new RuleViolation("payout-exceeds-payable", "payout " + command.payoutId() + " of "
                    + command.amount() + " exceeds the " + balance + " payable to customer " + command.customerId()
                    + reservedNote(command.amount().currency()));
        }
        List<PayoutLine> lines = allocate(command.amount());
        apply(new PostingRecorded(command.bookId(), null, null, command.customerId(),
                CustomerPayouts.paid(command.payoutId(), command.customerId(), command.amount(), command.at())));
        apply(new PayoutAllocated(command.bookId(), command.customerId(), command.payoutId(), lines));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RequestPayout command) {
        Money known = requested.get(command.payoutId());
        if (known != null) {
            if (!known.equals(command.amount())) {
                throw new RuleViolation("payout-clash", "payout " + command.payoutId() + " was requested for "
                        + known + ", now for " + command.amount());
            }
            return;
        }
        if (settled.containsKey(paidId(command.payoutId()).value())) {
            throw new RuleViolation("payout-clash", "payout " + command.payoutId() + " is already settled");
        }
        if (!command.amount().isPositive()) {
            throw new RuleViolation("non-positive-payout", "payout " + command.payoutId() + " of " + command.amount());
        }
        if (!command.minimum().currency().equals(command.amount().currency())) {
            throw new IllegalArgumentException("minimum " + command.minimum() + " is not in the payout's currency "
                    + command.amount().currency());
        }
        if (command.amount().compareTo(command.minimum()) < 0) {
            throw new RuleViolation("payout-below-minimum", "payout " + command.payoutId() + " of "
                    + command.amount() + " is below the minimum payout of " + command.minimum());
        }
        Money available = available(command.amount().currency());
        if (command.amount().compareTo(available) > 0) {
            throw new RuleViolation("payout-exceeds-payable", "payout " + command.payoutId() + " of "
                    + command.amount() + " exceeds the " + available + " payable to customer " + command.customerId()
                    + reservedNote(command.amount().currency()));
        }
        apply(new PayoutRequested(command.bookId(), command.customerId(), command.payoutId(), command.amount()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RequestPayoutOfPayable command) {
        if (requested.containsKey(command.payoutId()) || settled.containsKey(paidId(command.payoutId()).value())) {
            return;
        }
        Money available = available(command.minimum().currency());
        if (!available.isPositive() || available.compareTo(command.minimum()) < 0) {
            return;
        }
        apply(new PayoutRequested(command.bookId(), command.customerId(), command.payoutId(), available));
    }

    @CommandHandler
    void handle(AbandonPayout command) {
        if (!requested.containsKey(command.payoutId())) {
            throw new RuleViolation("unknown-payout", "payout " + command.payoutId() + " was never requested");
        }
        Money reservation = reserved.get(command.payoutId());
        if (reservation == null) {
            return;
        }
        apply(new PayoutAbandoned(bookId, customerId, command.payoutId(), reservation, command.reason()));
    }

    @CommandHandler
    void handle(BookPayoutFailed command) {
        Posting paid = settled.get(paidId(command.payoutId()).value());
        if (paid == null) {
            throw new RuleViolation("unknown-payout", "payout " + command.payoutId() + " was never settled");
        }
        if (failed.contains(paid.id().value())) {
            return;
        }
        apply(new PostingRecorded(bookId, null, null, customerId, CustomerPayouts.failed(paid, command.at())));
        apply(new PayoutAllocationReversed(bookId, customerId, command.payoutId(),
                allocations.getOrDefault(command.payoutId(), List.of())));
    }

    /**
     * Which sales a payout covers, a rule anyone can replay by hand: first every sale left owing by a refund after an
     * earlier payout is netted in full (its negative amount), then the sales with a positive payable rebate, oldest
     * funded first, each in full, the last one partly if the payout ends inside it. The lines sum to the payout
     * exactly, because it never exceeds the balance. Sales of other currencies are left alone.
     */
    private List<PayoutLine> allocate(Money amount) {
        List<Map.Entry<String, Payable>> inCurrency = payable.entrySet().stream()
                .filter(line -> line.getValue().amount().currency().equals(amount.currency()))
                .filter(line -> !line.getValue().amount().isZero())
                .sorted(Comparator.comparingLong(line -> line.getValue().fundedOrder()))
                .toList();
        List<PayoutLine> lines = new ArrayList<>();
        Money left = amount;
        for (Map.Entry<String, Payable> owing : inCurrency) {
            if (owing.getValue().amount().isNegative()) {
                lines.add(new PayoutLine(owing.getKey(), owing.getValue().amount()));
                left = left.minus(owing.getValue().amount());
            }
        }
        for (Map.Entry<String, Payable> due : inCurrency) {
            if (!left.isPositive()) {
                break;
            }
            Money rebate = due.getValue().amount();
            if (rebate.isPositive()) {
                Money covered = rebate.compareTo(left) < 0 ? rebate : left;
                lines.add(new PayoutLine(due.getKey(), covered));
                left = left.minus(covered);
            }
        }
        if (!left.isZero()) {
            throw new IllegalStateException("payout of " + amount + " allocated with " + left + " left over");
        }
        return lines;
    }

    private Money balance(Currency currency) {
        return payable.values().stream().map(Payable::amount)
                .filter(amount -> amount.currency().equals(currency))
                .reduce(Money.zero(currency), Money::plus);
    }

    /** What is payable in the currency and not held back by payouts in flight. */
    private Money available(Currency currency) {
        return reserved.values().stream().filter(amount -> amount.currency().equals(currency))
                .reduce(balance(currency), Money::minus);
    }

    private String reservedNote(Currency currency) {
        Money held = reserved.values().stream().filter(amount -> amount.currency().equals(currency))
                .reduce(Money.zero(currency), Money::plus);
        return held.isZero() ? "" : " (after the " + held + " reserved by payouts in flight)";
    }

    private static PostingId paidId(String payoutId) {
        return PostingId.of("payout", payoutId, "paid");
    }

    /** What a payout posting took out of the customer's payable rebate. */
    private static Money amountOf(Posting paid) {
        return paid.entries().get(0).amount();
    }

    private void change(String saleKey, Money change) {
        Payable line = payable.get(saleKey);
        payable.put(saleKey, line == null ? new Payable(payable.size(), change)
                : new Payable(line.fundedOrder(), line.amount().plus(change)));
    }

    @EventSourcingHandler
    void on(PayableRebateChanged event) {
        bookId = event.bookId();
        customerId = event.customerId();
        fed.put(event.postingId().value(), new Fed(event.saleKey(), event.change()));
        change(event.saleKey(), event.change());
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

    @EventSourcingHandler
    void on(PayoutRequested event) {
        bookId = event.bookId();
        customerId = event.customerId();
        requested.put(event.payoutId(), event.amount());
        reserved.put(event.payoutId(), event.amount());
    }

    @EventSourcingHandler
    void on(PayoutAbandoned event) {
        reserved.remove(event.payoutId());
    }

    @EventSourcingHandler
    void on(PayoutAllocated event) {
        // settled: the payout's own posting now holds what its reservation held back
        reserved.remove(event.payoutId());
        allocations.put(event.payoutId(), event.lines());
        event.lines().forEach(line -> change(line.saleKey(), line.amount().negate()));
    }

    @EventSourcingHandler
    void on(PayoutAllocationReversed event) {
        event.lines().forEach(line -> change(line.saleKey(), line.amount()));
    }
}
