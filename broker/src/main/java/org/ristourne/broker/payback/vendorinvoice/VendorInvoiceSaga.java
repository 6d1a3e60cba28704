package org.ristourne.broker.payback.vendorinvoice;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.jspecify.annotations.Nullable;
import org.ristourne.billing.api.BillingUnavailable;
import org.ristourne.billing.api.InvoiceRefused;
import org.ristourne.billing.api.InvoiceVendor;
import org.ristourne.billing.api.VendorInvoiceReceipt;
import org.ristourne.billing.api.VendorInvoices;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.vendorinvoice.InvoiceLine;
import org.ristourne.broker.api.vendorinvoice.RecordVendorInvoiceFailed;
import org.ristourne.broker.api.vendorinvoice.RecordVendorInvoiceOverdue;
import org.ristourne.broker.api.vendorinvoice.RecordVendorInvoiceSent;
import org.ristourne.broker.api.vendorinvoice.VendorInvoiceIssued;
import org.ristourne.broker.api.vendorinvoice.VendorInvoicePaid;
import org.ristourne.broker.directory.BrokerDirectory;
import org.ristourne.broker.payback.PaybackProperties;
import org.ristourne.ledger.money.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * One vendor invoice, from its issue to the payment of each of its lines (one Stripe invoice per currency).
 *
 * <ul>
 * <li>Started by {@link VendorInvoiceIssued}: asks billing's {@link VendorInvoices} for each line in turn, with the
 * vendor's Stripe customer once the first line made one; records each line sent ({@link RecordVendorInvoiceSent}) and
 * sets a deadline at its due date.</li>
 * <li>Stripe unavailable: the lines not yet sent are tried again through a deadline after 1, 2, 4 … times
 * {@code ristourne.payback.first-retry-delay}, capped at {@code max-retry-delay}, with the same requests (billing's
 * idempotency keys derive from the invoice id and currency); after {@code max-attempts} they are recorded failed.</li>
 * <li>Refused by Stripe: that line is recorded failed at once; its sales go onto the vendor's next invoice. Both
 * failures log an ERROR saying what the operator does.</li>
 * <li>Due date passed, line not paid: {@link RecordVendorInvoiceOverdue}, and a WARN naming the suspension endpoint.</li>
 * <li>{@link VendorInvoicePaid}: the line's deadline is cancelled; the saga ends once every line is paid or failed.</li>
 * <li>No {@link VendorInvoices} on this node (Stripe not configured): nothing is sent, the invoice stays issued; the saga
 * looks again every {@code max-retry-delay} without counting it as a failure.</li>
 * </ul>
 *
 * <p>As in the payout saga, billing is called inside the handler's transaction: should the process die after Stripe
 * made an invoice and before it was recorded, the event or deadline is handled again and billing answers the same
 * request from its idempotency key or finds the invoice by its metadata.
 */
@Saga
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class VendorInvoiceSaga {

    static final String RETRY = "vendor-invoice-retry";
    static final String OVERDUE = "vendor-invoice-overdue";

    private static final Logger log = LoggerFactory.getLogger(VendorInvoiceSaga.class);

    enum Progress { TO_SEND, SENT, OVERDUE, PAID, FAILED }

    /** A line as the saga follows it: what it asks Stripe for and how far it got. */
    record Line(Money total, int saleCount, int deductionCount, Progress progress, @Nullable String overdueDeadline) {

        Line to(Progress next, @Nullable String deadline) {
            return new Line(total, saleCount, deductionCount, next, deadline);
        }
    }

    @Autowired
    private transient StripeVendorInvoicing stripe;
    @Autowired
    private transient PaybackProperties properties;
    @Autowired
    private transient DeadlineManager deadlines;
    @Autowired
    private transient CommandGateway commands;
    @Autowired
    private transient BrokerDirectory directory;

    private String invoicingId;
    private String invoiceId;
    private String vendorId;
    private @Nullable String stripeCustomerId;
    private Instant dueAt;
    private Map<String, Line> lines = new TreeMap<>();
    private int failures;

    @StartSaga
    @SagaEventHandler(associationProperty = "invoiceId")
    void on(VendorInvoiceIssued event) {
        invoicingId = event.invoicingId();
        invoiceId = event.invoiceId();
        vendorId = event.vendorId().value();
        stripeCustomerId = event.stripeCustomerId();
        dueAt = event.dueAt();
        for (InvoiceLine line : event.lines()) {
            lines.put(line.currency().getCurrencyCode(), new Line(line.total(), line.sales().size(),
                    line.deductions().size(), Progress.TO_SEND, null));
        }
        send();
    }

    @DeadlineHandler(deadlineName = RETRY)
    void retry() {
        send();
    }

    @DeadlineHandler(deadlineName = OVERDUE)
    void overdue(String currency) {
        Line line = lines.get(currency);
        if (line == null || line.progress() != Progress.SENT) {
            return;
        }
        lines.put(currency, line.to(Progress.OVERDUE, null));
        commands.sendAndWait(new RecordVendorInvoiceOverdue(invoicingId, invoiceId, Currency.getInstance(currency),
                now()));
        log.warn("Vendor invoice {} of vendor {} for {} is overdue (due {}): see GET /operator/vendor-invoices"
                + "?state=overdue; the vendor can be suspended by hand (POST /operator/vendors/{}/suspension)",
                invoiceId, vendorId, line.total(), dueAt, vendorId);
    }

    /** Paid, possibly before this saga heard that Stripe made the invoice: the line's deadline goes, once. */
    @SagaEventHandler(associationProperty = "invoiceId")
    void on(VendorInvoicePaid event) {
        String currency = event.paid().currency().getCurrencyCode();
        Line line = lines.get(currency);
        if (line == null || line.progress() == Progress.PAID) {
            return;
        }
        if (line.overdueDeadline() != null) {
            deadlines.cancelSchedule(OVERDUE, line.overdueDeadline());
        }
        lines.put(currency, line.to(Progress.PAID, null));
        endIfSettled();
    }

    private void send() {
        Optional<VendorInvoices> port = stripe.port();
        if (port.isEmpty()) {
            log.warn("Stripe is not configured: vendor invoice {} of vendor {} stays issued, not sent; looking again"
                    + " in {}", invoiceId, vendorId, properties.maxRetryDelay());
            deadlines.schedule(properties.maxRetryDelay(), RETRY);
            return;
        }
        for (Map.Entry<String, Line> entry : lines.entrySet()) {
            if (entry.getValue().progress() != Progress.TO_SEND) {
                continue;
            }
            if (!sendLine(port.get(), entry.getKey(), entry.getValue())) {
                return;
            }
        }
        endIfSettled();
    }

    /** Sends one line; false when Stripe was unavailable (the rest wait for the retry). */
    private boolean sendLine(VendorInvoices port, String currency, Line line) {
        String email = directory.billingEmail(new VendorId(vendorId)).orElse(null);
        if (stripeCustomerId == null && email == null) {
            // Stripe emails vendor invoices and refuses to make one for a customer without an address.
            fail(currency, line, "vendor " + vendorId + " has no Stripe customer yet and no billing email to make"
                    + " one with; set it (PUT /operator/vendors/" + vendorId + "/billing-email)");
            return true;
        }
        VendorInvoiceReceipt receipt;
        try {
            receipt = port.invoice(new InvoiceVendor(invoiceId, vendorId, stripeCustomerId, line.total(),
                    line.saleCount(), description(line), dueAt, email));
        } catch (BillingUnavailable e) {
            return unavailable(e.getMessage());
        } catch (InvoiceRefused e) {
            fail(currency, line, "Stripe refused the invoice: " + e.getMessage());
            return true;
        } catch (RuntimeException e) {
            // outside the port's contract: whether Stripe made the invoice is unknown, so the same request again
            log.error("Vendor invoice {}: billing failed outside its contract", invoiceId, e);
            return unavailable(e.toString());
        }
        stripeCustomerId = receipt.stripeCustomerId();
        commands.sendAndWait(new RecordVendorInvoiceSent(invoicingId, invoiceId, Currency.getInstance(currency),
                receipt.stripeInvoiceId(), receipt.stripeCustomerId(), receipt.dueAt(), now()));
        String deadline = deadlines.schedule(receipt.dueAt(), OVERDUE, currency);
        lines.put(currency, line.to(Progress.SENT, deadline));
        log.info("Vendor invoice {} of vendor {} for {} sent as Stripe invoice {}, due {}", invoiceId, vendorId,
                line.total(), receipt.stripeInvoiceId(), receipt.dueAt());
        return true;
    }

    private boolean unavailable(String why) {
        failures++;
        if (failures >= properties.maxAttempts()) {
            lines.forEach((currency, line) -> {
                if (line.progress() == Progress.TO_SEND) {
                    fail(currency, line, "Stripe unavailable " + failures + " times, last: " + why);
                }
            });
            endIfSettled();
            return false;
        }
        Duration wait = properties.retryDelayAfter(failures);
        log.warn("Vendor invoice {} of vendor {}: Stripe unavailable (attempt {} of {}: {}); trying again in {}",
                invoiceId, vendorId, failures, properties.maxAttempts(), why, wait);
        deadlines.schedule(wait, RETRY);
        return false;
    }

    private void fail(String currency, Line line, String reason) {
        lines.put(currency, line.to(Progress.FAILED, null));
        commands.sendAndWait(new RecordVendorInvoiceFailed(invoicingId, invoiceId, Currency.getInstance(currency),
                reason, now()));
        log.error("Vendor invoice {} of vendor {} for {} not sent: {}. Its sales and deductions go onto the vendor's"
                + " next invoice; check Stripe for an invoice with metadata ristourne_invoice_id={} and void it if"
                + " one exists, then invoice again (POST /operator/vendors/{}/invoices)", invoiceId, vendorId,
                line.total(), reason, invoiceId, vendorId);
    }

    private void endIfSettled() {
        if (lines.values().stream().allMatch(line -> line.progress() == Progress.PAID
                || line.progress() == Progress.FAILED)) {
            deadlines.cancelAllWithinScope(RETRY);
            SagaLifecycle.end();
        }
    }

    private String description(Line line) {
        return "Ristourne: shares of " + line.saleCount() + " sale(s)"
                + (line.deductionCount() == 0 ? "" : " less " + line.deductionCount() + " refund(s) already paid")
                + ", invoice " + invoiceId;
    }

    private static Instant now() {
        return GenericEventMessage.clock.instant();
    }
}
