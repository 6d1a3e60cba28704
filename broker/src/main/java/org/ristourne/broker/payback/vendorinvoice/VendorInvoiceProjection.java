package org.ristourne.broker.payback.vendorinvoice;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.vendorinvoice.FindVendorInvoices;
import org.ristourne.broker.api.vendorinvoice.InvoiceLine;
import org.ristourne.broker.api.vendorinvoice.InvoicedDeduction;
import org.ristourne.broker.api.vendorinvoice.InvoicedSale;
import org.ristourne.broker.api.vendorinvoice.VendorInvoiceFailed;
import org.ristourne.broker.api.vendorinvoice.VendorInvoiceIssued;
import org.ristourne.broker.api.vendorinvoice.VendorInvoiceOverdue;
import org.ristourne.broker.api.vendorinvoice.VendorInvoicePaid;
import org.ristourne.broker.api.vendorinvoice.VendorInvoiceSent;
import org.ristourne.broker.api.vendorinvoice.VendorInvoiceView;
import org.ristourne.broker.support.EpochMicros;
import org.ristourne.ledger.money.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code vendor_invoice} and {@code vendor_invoice_item}: every vendor invoice line with its state, for the operator
 * and for the Stripe webhook (which line an {@code invoice.paid} pays). Each change is keyed to its invoice and
 * currency; a redelivered event writes the same row again. Rebuilt by replay: the reset empties both tables.
 */
@Component
@ProcessingGroup(VendorInvoiceProjection.GROUP)
public class VendorInvoiceProjection {

    public static final String GROUP = "vendor-invoice-read-model";
    public static final Set<String> STATES = Set.of("issued", "sent", "overdue", "paid", "failed");

    private static final Logger log = LoggerFactory.getLogger(VendorInvoiceProjection.class);

    private final JdbcTemplate jdbc;

    public VendorInvoiceProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(VendorInvoiceIssued event) {
        jdbc.update("delete from vendor_invoice_item where invoice_id = ?", event.invoiceId());
        jdbc.update("delete from vendor_invoice where invoice_id = ?", event.invoiceId());
        for (InvoiceLine line : event.lines()) {
            String currency = line.currency().getCurrencyCode();
            jdbc.update("""
                    insert into vendor_invoice (invoice_id, currency, vendor_id, period_end_us, issued_at_us, due_at_us,
                                                total_minor, sale_count, deduction_count, state)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'issued')""", event.invoiceId(), currency,
                    event.vendorId().value(), EpochMicros.of(event.periodEnd()), EpochMicros.of(event.issuedAt()),
                    EpochMicros.of(event.dueAt()), line.total().minorUnits(), line.sales().size(),
                    line.deductions().size());
            for (InvoicedSale sale : line.sales()) {
                jdbc.update("""
                        insert into vendor_invoice_item (invoice_id, currency, sale_key, refund_id, amount_minor)
                        values (?, ?, ?, '', ?)""", event.invoiceId(), currency, sale.saleKey(),
                        sale.amount().minorUnits());
            }
            for (InvoicedDeduction deduction : line.deductions()) {
                jdbc.update("""
                        insert into vendor_invoice_item (invoice_id, currency, sale_key, refund_id, amount_minor)
                        values (?, ?, ?, ?, ?)""", event.invoiceId(), currency, deduction.saleKey(),
                        deduction.refundId(), -deduction.amount().minorUnits());
            }
        }
    }

    @EventHandler
    void on(VendorInvoiceSent event) {
        jdbc.update("""
                update vendor_invoice set state = 'sent', stripe_invoice_id = ?, sent_at_us = ?, due_at_us = ?
                where invoice_id = ? and currency = ? and state = 'issued'""", event.stripeInvoiceId(),
                EpochMicros.of(event.sentAt()), EpochMicros.of(event.dueAt()), event.invoiceId(),
                event.currency().getCurrencyCode());
    }

    @EventHandler
    void on(VendorInvoiceOverdue event) {
        jdbc.update("""
                update vendor_invoice set state = 'overdue', overdue_at_us = ?
                where invoice_id = ? and currency = ? and state in ('issued', 'sent')""", EpochMicros.of(event.at()),
                event.invoiceId(), event.currency().getCurrencyCode());
    }

    @EventHandler
    void on(VendorInvoicePaid event) {
        jdbc.update("""
                update vendor_invoice set state = 'paid', stripe_invoice_id = ?, paid_at_us = ?
                where invoice_id = ? and currency = ?""", event.stripeInvoiceId(), EpochMicros.of(event.paidAt()),
                event.invoiceId(), event.paid().currency().getCurrencyCode());
    }

    @EventHandler
    void on(VendorInvoiceFailed event) {
        jdbc.update("""
                update vendor_invoice set state = 'failed', failed_at_us = ?, detail = ?
                where invoice_id = ? and currency = ?""", EpochMicros.of(event.failedAt()),
                event.reason().length() <= 1000 ? event.reason() : event.reason().substring(0, 999) + "…",
                event.invoiceId(), event.currency().getCurrencyCode());
    }

    @ResetHandler
    void reset() {
        int items = jdbc.update("delete from vendor_invoice_item");
        int lines = jdbc.update("delete from vendor_invoice");
        log.info("Vendor invoices cleared for replay ({} lines, {} items)", lines, items);
    }

    @QueryHandler
    public List<VendorInvoiceView> handle(FindVendorInvoices query) {
        String state = query.state() == null ? null : query.state().toLowerCase(Locale.ROOT);
        if (state != null && !STATES.contains(state)) {
            throw new IllegalArgumentException("state is one of " + STATES + ", got '" + query.state() + "'");
        }
        return jdbc.query("""
                select * from vendor_invoice where (? is null or state = ?) order by due_at_us, invoice_id, currency""",
                (rs, row) -> new VendorInvoiceView(rs.getString("invoice_id"), rs.getString("vendor_id"),
                        Money.of(rs.getLong("total_minor"), rs.getString("currency")), rs.getInt("sale_count"),
                        rs.getInt("deduction_count"), rs.getString("state"),
                        EpochMicros.toInstant(rs.getLong("period_end_us")),
                        EpochMicros.toInstant(rs.getLong("issued_at_us")),
                        EpochMicros.toInstant(rs.getLong("due_at_us")), rs.getString("stripe_invoice_id"),
                        nullableInstant(rs.getObject("paid_at_us")), rs.getString("detail")), state, state);
    }

    /** The line an {@code invoice.paid} names, if Ristourne issued it: its vendor. */
    public @Nullable String vendorOf(String invoiceId, String currency) {
        List<String> vendors = jdbc.queryForList(
                "select vendor_id from vendor_invoice where invoice_id = ? and currency = ?", String.class, invoiceId,
                currency);
        return vendors.isEmpty() ? null : vendors.get(0);
    }

    private static java.time.@Nullable Instant nullableInstant(@Nullable Object micros) {
        return micros == null ? null : EpochMicros.toInstant(((Number) micros).longValue());
    }
}
