package org.ristourne.broker.subscribe.stripewebhook;

import java.time.Instant;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jspecify.annotations.Nullable;
import org.ristourne.billing.api.StripeEventReceived;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.vendorinvoice.RecordVendorInvoicePaid;
import org.ristourne.broker.payback.vendorinvoice.VendorInvoiceProjection;
import org.ristourne.broker.payback.vendorinvoice.VendorInvoicing;
import org.ristourne.broker.subscribe.stripewebhook.StripeObjects.VendorInvoicePaid;
import org.ristourne.ledger.money.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The {@code invoice.paid} of an invoice Ristourne sent a vendor (see docs/vendor-invoicing.md): records the line paid
 * on the vendor's invoicing, which funds its sales. Runs inside {@link StripeEventIntake}'s transaction; a refusal of
 * the vendor's invoicing (another amount than the line's total) rolls it back and is stored as {@code refused-<code>}
 * by the intake, like a customer's refusal. An invoice Ristourne does not know is kept as {@code unknown-object}.
 */
@Component
class VendorInvoicePayments {

    private static final Logger log = LoggerFactory.getLogger(VendorInvoicePayments.class);

    /** What the event did: the intake's outcome and detail. */
    record Result(String outcome, @Nullable String detail, @Nullable String stripeCustomerId) {
    }

    private final CommandGateway commands;
    private final VendorInvoiceProjection invoices;

    VendorInvoicePayments(CommandGateway commands, VendorInvoiceProjection invoices) {
        this.commands = commands;
        this.invoices = invoices;
    }

    /** Null when the event is not about a vendor invoice (no {@code ristourne_invoice_id} in its metadata). */
    @Nullable Result paid(StripeEventReceived event) {
        VendorInvoicePaid invoice = StripeObjects.vendorInvoice(event.rawObjectJson());
        if (invoice == null) {
            return null;
        }
        Money paid = invoice.amount();
        String vendor = paid == null ? null : invoices.vendorOf(invoice.invoiceId(), paid.currency().getCurrencyCode());
        if (vendor == null || invoice.stripeInvoiceId() == null) {
            String detail = "vendor invoice " + invoice.invoiceId() + " (Stripe " + invoice.stripeInvoiceId()
                    + ", vendor " + invoice.vendorId() + ", " + invoice.amountPaid() + " " + invoice.currency()
                    + " paid) is not one Ristourne issued in that currency";
            log.warn("Stripe event {} kept, not acted on: {}", event.eventId(), detail);
            return new Result("unknown-object", detail, invoice.stripeCustomerId());
        }
        Instant paidAt = invoice.paidAt() != null ? invoice.paidAt() : event.created();
        VendorId vendorId = new VendorId(vendor);
        commands.sendAndWait(new RecordVendorInvoicePaid(VendorInvoicing.idOf(vendorId), invoice.invoiceId(),
                invoice.stripeInvoiceId(), paid, paidAt));
        log.info("Vendor {} paid {} for invoice {} (Stripe invoice {}): its sales are funded", vendor, paid,
                invoice.invoiceId(), invoice.stripeInvoiceId());
        return new Result("vendor-invoice-paid", null, invoice.stripeCustomerId());
    }
}
