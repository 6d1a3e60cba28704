package org.ristourne.broker.payback.vendorinvoice;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.jspecify.annotations.Nullable;
import org.ristourne.billing.api.SaleSharesFunded;
import org.ristourne.broker.api.RuleViolation;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.vendorinvoice.InvoiceLine;
import org.ristourne.broker.api.vendorinvoice.InvoicedDeduction;
import org.ristourne.broker.api.vendorinvoice.InvoicedSale;
import org.ristourne.broker.api.vendorinvoice.IssueVendorInvoice;
import org.ristourne.broker.api.vendorinvoice.RecordVendorInvoiceFailed;
import org.ristourne.broker.api.vendorinvoice.RecordVendorInvoiceOverdue;
import org.ristourne.broker.api.vendorinvoice.RecordVendorInvoicePaid;
import org.ristourne.broker.api.vendorinvoice.RecordVendorInvoiceSent;
import org.ristourne.broker.api.vendorinvoice.RefundDeductedFromInvoice;
import org.ristourne.broker.api.vendorinvoice.TrackVendorReceivable;
import org.ristourne.broker.api.vendorinvoice.VendorInvoiceFailed;
import org.ristourne.broker.api.vendorinvoice.VendorInvoiceIssued;
import org.ristourne.broker.api.vendorinvoice.VendorInvoiceOverdue;
import org.ristourne.broker.api.vendorinvoice.VendorInvoicePaid;
import org.ristourne.broker.api.vendorinvoice.VendorInvoiceSent;
import org.ristourne.broker.api.vendorinvoice.VendorInvoicingOpened;
import org.ristourne.broker.api.vendorinvoice.VendorReceivableTracked;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.posting.PostingId;

/**
 * What one vendor owes Ristourne and the invoices that collect it. Fed with every posting of the vendor's sales (see
 * {@code WhenPostingRecordedThenTrackVendorReceivable}), it knows per sale the pool still owed and whether the sale
 * is confirmed; {@link IssueVendorInvoice} takes every confirmed sale not yet invoiced and every refund to deduct into
 * one invoice with a line per currency; a line is sent to Stripe by {@link VendorInvoiceSaga}, and when the vendor pays
 * it, its sales are funded with what they were invoiced ({@link SaleSharesFunded}) and its deductions given back
 * ({@link RefundDeductedFromInvoice}), both booked by the ledger.
 *
 * <p>Refunds: before its sale is invoiced a refund lowers what is owed; after, the vendor pays the invoice as it stands
 * and the refund's pool reversal waits as a deduction, taken into the first invoice issued once the sale is paid for.
 * A currency whose deductions outweigh its sales is not invoiced: all of it waits for the next invoice.
 *
 * <p>The state holds the open sales (not yet paid for), the deductions not yet given back, the lines not yet paid,
 * and, to stay idempotent when postings or Stripe events come again, the keys of the sales settled, of the deductions
 * given back and of the invoices issued. Snapshots every 200 events keep loading it short.
 */
@Aggregate(snapshotTriggerDefinition = VendorInvoicingConfig.SNAPSHOTS)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class VendorInvoicing {

    public static final String PREFIX = "invoicing:";

    /** A sale not yet paid for: what is still owed, when it was confirmed, which invoice took it. */
    record OpenSale(String saleKey, Money owed, @Nullable Instant confirmedAt, @Nullable String invoiceId,
                    SortedSet<String> postings) {
    }

    /** A refund of an invoiced sale, to give back on an invoice issued once the sale is paid for. */
    record PendingDeduction(String saleKey, String refundId, Money amount, @Nullable String invoiceId) {
    }

    enum LineState { ISSUED, SENT, OVERDUE }

    /** A line issued and not yet paid. */
    record OpenLine(String invoiceId, InvoiceLine line, LineState state, Instant dueAt) {
    }

    @AggregateIdentifier
    private String invoicingId;
    private VendorId vendorId;
    private @Nullable String stripeCustomerId;
    // Sorted collections, declared as such so that a snapshot restores them sorted: invoices list sales in key order.
    private TreeMap<String, OpenSale> sales = new TreeMap<>();
    private TreeMap<String, PendingDeduction> deductions = new TreeMap<>();
    private TreeMap<String, OpenLine> lines = new TreeMap<>();
    private HashSet<String> settled = new HashSet<>();
    private HashSet<String> deducted = new HashSet<>();
    private HashSet<String> issued = new HashSet<>();
    private HashSet<String> paidLines = new HashSet<>();
    private HashSet<String> failedLines = new HashSet<>();

    protected VendorInvoicing() {
    }

    public static String idOf(VendorId vendorId) {
        return PREFIX + vendorId.value();
    }

    /** The invoice id of a vendor's period: the same for every node's scheduler, so the period is invoiced once. */
    public static String invoiceIdOf(VendorId vendorId, Instant periodEnd) {
        return "vinv_" + UUID.nameUUIDFromBytes((vendorId.value() + "\n" + periodEnd)
                .getBytes(StandardCharsets.UTF_8));
    }

    static String lineKey(String invoiceId, Currency currency) {
        return invoiceId + "/" + currency.getCurrencyCode();
    }

    private static String deductionKey(String saleKey, String refundId) {
        return saleKey + "\n" + refundId;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(TrackVendorReceivable command) {
        if (invoicingId == null) {
            apply(new VendorInvoicingOpened(command.invoicingId(), command.vendorId()));
        }
        if (!isNew(command)) {
            return;
        }
        apply(new VendorReceivableTracked(invoicingId, command.saleKey(), command.postingId().value(),
                command.reason(), command.change(), command.postedAt()));
    }

    /** Whether the posting changes anything here that it has not changed already. */
    private boolean isNew(TrackVendorReceivable command) {
        String saleKey = command.saleKey();
        OpenSale open = sales.get(saleKey);
        return switch (command.reason()) {
            case SHARES_PENDING -> open == null && !settled.contains(saleKey) && command.change().isPositive();
            case SHARES_CONFIRMED -> open != null && open.confirmedAt() == null;
            case SHARES_FUNDED -> open != null;
            case SHARES_REFUNDED -> {
                if (!command.change().isNegative()) {
                    yield false;
                }
                String refundId = command.postingId().parts().get(3);
                if (open == null) {
                    String key = deductionKey(saleKey, refundId);
                    yield settled.contains(saleKey) && !deductions.containsKey(key) && !deducted.contains(key);
                }
                yield !open.postings().contains(command.postingId().value());
            }
            default -> false;
        };
    }

    /** Answers the invoice id, or null when nothing is to be invoiced. */
    @CommandHandler
    @Nullable String handle(IssueVendorInvoice command) {
        String invoiceId = invoiceIdOf(vendorId, command.periodEnd());
        if (issued.contains(invoiceId)) {
            return invoiceId;
        }
        Map<Currency, List<InvoicedSale>> salesIn = new TreeMap<>(Comparator.comparing(
                Currency::getCurrencyCode));
        Map<Currency, List<InvoicedDeduction>> deductionsIn = new TreeMap<>(Comparator.comparing(
                Currency::getCurrencyCode));
        for (OpenSale sale : sales.values()) {
            if (sale.invoiceId() == null && sale.confirmedAt() != null
                    && sale.confirmedAt().isBefore(command.periodEnd()) && sale.owed().isPositive()) {
                salesIn.computeIfAbsent(sale.owed().currency(), c -> new ArrayList<>())
                        .add(new InvoicedSale(sale.saleKey(), sale.owed()));
            }
        }
        for (PendingDeduction deduction : deductions.values()) {
            if (deduction.invoiceId() == null && settled.contains(deduction.saleKey())) {
                deductionsIn.computeIfAbsent(deduction.amount().currency(), c -> new ArrayList<>())
                        .add(new InvoicedDeduction(deduction.saleKey(), deduction.refundId(), deduction.amount()));
            }
        }
        Set<Currency> currencies = new TreeSet<>(Comparator.comparing(Currency::getCurrencyCode));
        currencies.addAll(salesIn.keySet());
        currencies.addAll(deductionsIn.keySet());
        List<InvoiceLine> invoiceLines = new ArrayList<>();
        for (Currency currency : currencies) {
            List<InvoicedSale> lineSales = salesIn.getOrDefault(currency, List.of());
            List<InvoicedDeduction> lineDeductions = deductionsIn.getOrDefault(currency, List.of());
            Money total = Money.zero(currency);
            for (InvoicedSale sale : lineSales) {
                total = total.plus(sale.amount());
            }
            for (InvoicedDeduction deduction : lineDeductions) {
                total = total.minus(deduction.amount());
            }
            if (total.isPositive()) {
                invoiceLines.add(new InvoiceLine(currency, lineSales, lineDeductions, total));
            }
        }
        if (invoiceLines.isEmpty()) {
            return null;
        }
        apply(new VendorInvoiceIssued(invoicingId, invoiceId, vendorId, command.periodEnd(), command.issuedAt(),
                command.dueAt(), invoiceLines, stripeCustomerId));
        return invoiceId;
    }

    @CommandHandler
    void handle(RecordVendorInvoiceSent command) {
        OpenLine line = lines.get(lineKey(command.invoiceId(), command.currency()));
        if (line == null || line.state() != LineState.ISSUED) {
            return;
        }
        apply(new VendorInvoiceSent(invoicingId, command.invoiceId(), command.currency(), command.stripeInvoiceId(),
                command.stripeCustomerId(), command.dueAt(), command.sentAt()));
    }

    @CommandHandler
    void handle(RecordVendorInvoiceFailed command) {
        if (!lines.containsKey(lineKey(command.invoiceId(), command.currency()))) {
            return;
        }
        apply(new VendorInvoiceFailed(invoicingId, command.invoiceId(), command.currency(), command.reason(),
                command.failedAt()));
    }

    @CommandHandler
    void handle(RecordVendorInvoiceOverdue command) {
        OpenLine line = lines.get(lineKey(command.invoiceId(), command.currency()));
        if (line == null || line.state() == LineState.OVERDUE) {
            return;
        }
        apply(new VendorInvoiceOverdue(invoicingId, command.invoiceId(), vendorId, command.currency(), line.dueAt(),
                command.at()));
    }

    /**
     * The vendor paid a line: once. A line already paid changes nothing; a line unknown or an amount other than the
     * line's total is refused, for the operator to look at (the Stripe event is kept with the refusal).
     */
    @CommandHandler
    void handle(RecordVendorInvoicePaid command) {
        String key = lineKey(command.invoiceId(), command.paid().currency());
        OpenLine line = lines.get(key);
        if (line == null) {
            if (paidLines.contains(key)) {
                return;
            }
            if (failedLines.contains(key)) {
                throw new RuleViolation("vendor-invoice-failed-then-paid", "invoice " + command.invoiceId()
                        + " of vendor " + vendorId + " in " + command.paid().currency() + " was recorded failed and its"
                        + " sales released, yet Stripe says it was paid (" + command.stripeInvoiceId() + ", "
                        + command.paid() + "): nothing funded; refund the vendor in Stripe or fund its sales by hand");
            }
            throw new RuleViolation("unknown-vendor-invoice", "vendor " + vendorId + " has no open invoice "
                    + command.invoiceId() + " in " + command.paid().currency());
        }
        if (!line.line().total().equals(command.paid())) {
            throw new RuleViolation("vendor-invoice-amount-mismatch", "invoice " + command.invoiceId() + " of vendor "
                    + vendorId + " is for " + line.line().total() + "; Stripe says " + command.paid() + " was paid ("
                    + command.stripeInvoiceId() + "): nothing funded, check the invoice in Stripe");
        }
        apply(new VendorInvoicePaid(invoicingId, command.invoiceId(), vendorId, command.stripeInvoiceId(),
                command.paid(), command.paidAt()));
        for (InvoicedSale sale : line.line().sales()) {
            apply(new SaleSharesFunded(sale.saleKey(), command.stripeInvoiceId(), command.paidAt(), sale.amount()));
        }
        for (InvoicedDeduction deduction : line.line().deductions()) {
            apply(new RefundDeductedFromInvoice(deduction.saleKey(), deduction.refundId(), deduction.amount(),
                    command.invoiceId(), command.paidAt()));
        }
    }

    @EventSourcingHandler
    void on(VendorInvoicingOpened event) {
        invoicingId = event.invoicingId();
        vendorId = event.vendorId();
    }

    @EventSourcingHandler
    void on(VendorReceivableTracked event) {
        String saleKey = event.saleKey();
        OpenSale open = sales.get(saleKey);
        switch (event.reason()) {
            case SHARES_PENDING -> sales.put(saleKey, new OpenSale(saleKey, event.change(), null, null,
                    with(new TreeSet<>(), event.postingId())));
            case SHARES_CONFIRMED -> sales.put(saleKey, new OpenSale(saleKey, open.owed(), event.postedAt(),
                    open.invoiceId(), with(open.postings(), event.postingId())));
            case SHARES_FUNDED -> settle(saleKey);
            case SHARES_REFUNDED -> {
                String refundId = new PostingId(event.postingId()).parts().get(3);
                if (open == null || open.invoiceId() != null) {
                    deductions.put(deductionKey(saleKey, refundId), new PendingDeduction(saleKey, refundId,
                            event.change().negate(), null));
                    if (open != null) {
                        sales.put(saleKey, new OpenSale(saleKey, open.owed(), open.confirmedAt(), open.invoiceId(),
                                with(open.postings(), event.postingId())));
                    }
                } else {
                    Money owed = open.owed().plus(event.change());
                    if (owed.isPositive()) {
                        sales.put(saleKey, new OpenSale(saleKey, owed, open.confirmedAt(), null,
                                with(open.postings(), event.postingId())));
                    } else {
                        settle(saleKey);
                    }
                }
            }
            default -> {
            }
        }
    }

    private void settle(String saleKey) {
        sales.remove(saleKey);
        settled.add(saleKey);
    }

    private static SortedSet<String> with(SortedSet<String> postings, String postingId) {
        SortedSet<String> next = new TreeSet<>(postings);
        next.add(postingId);
        return next;
    }

    @EventSourcingHandler
    void on(VendorInvoiceIssued event) {
        issued.add(event.invoiceId());
        if (event.stripeCustomerId() != null) {
            stripeCustomerId = event.stripeCustomerId();
        }
        for (InvoiceLine line : event.lines()) {
            lines.put(lineKey(event.invoiceId(), line.currency()), new OpenLine(event.invoiceId(), line,
                    LineState.ISSUED, event.dueAt()));
            for (InvoicedSale sale : line.sales()) {
                OpenSale open = sales.get(sale.saleKey());
                sales.put(sale.saleKey(), new OpenSale(sale.saleKey(), open.owed(), open.confirmedAt(),
                        event.invoiceId(), open.postings()));
            }
            for (InvoicedDeduction deduction : line.deductions()) {
                String key = deductionKey(deduction.saleKey(), deduction.refundId());
                deductions.put(key, new PendingDeduction(deduction.saleKey(), deduction.refundId(),
                        deduction.amount(), event.invoiceId()));
            }
        }
    }

    @EventSourcingHandler
    void on(VendorInvoiceSent event) {
        stripeCustomerId = event.stripeCustomerId();
        lines.computeIfPresent(lineKey(event.invoiceId(), event.currency()), (key, line) ->
                new OpenLine(line.invoiceId(), line.line(), LineState.SENT, event.dueAt()));
    }

    @EventSourcingHandler
    void on(VendorInvoiceOverdue event) {
        lines.computeIfPresent(lineKey(event.invoiceId(), event.currency()), (key, line) ->
                new OpenLine(line.invoiceId(), line.line(), LineState.OVERDUE, line.dueAt()));
    }

    /** A line that could not be sent gives its sales and deductions back: the next invoice takes them. */
    @EventSourcingHandler
    void on(VendorInvoiceFailed event) {
        String key = lineKey(event.invoiceId(), event.currency());
        OpenLine line = lines.remove(key);
        failedLines.add(key);
        for (InvoicedSale sale : line.line().sales()) {
            OpenSale open = sales.get(sale.saleKey());
            if (open != null) {
                sales.put(sale.saleKey(), new OpenSale(sale.saleKey(), open.owed(), open.confirmedAt(), null,
                        open.postings()));
            }
        }
        for (InvoicedDeduction deduction : line.line().deductions()) {
            deductions.computeIfPresent(deductionKey(deduction.saleKey(), deduction.refundId()), (k, pending) ->
                    new PendingDeduction(pending.saleKey(), pending.refundId(), pending.amount(), null));
        }
    }

    @EventSourcingHandler
    void on(VendorInvoicePaid event) {
        String key = lineKey(event.invoiceId(), event.paid().currency());
        OpenLine line = lines.remove(key);
        paidLines.add(key);
        for (InvoicedSale sale : line.line().sales()) {
            settle(sale.saleKey());
        }
        for (InvoicedDeduction deduction : line.line().deductions()) {
            String deductionKey = deductionKey(deduction.saleKey(), deduction.refundId());
            deductions.remove(deductionKey);
            deducted.add(deductionKey);
        }
    }
}
