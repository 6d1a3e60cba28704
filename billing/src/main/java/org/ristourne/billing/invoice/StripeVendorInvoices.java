package org.ristourne.billing.invoice;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.Invoice;
import com.stripe.model.InvoiceItem;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerListParams;
import com.stripe.param.InvoiceCreateParams;
import com.stripe.param.InvoiceFinalizeInvoiceParams;
import com.stripe.param.InvoiceItemCreateParams;
import com.stripe.param.InvoiceListParams;
import com.stripe.param.InvoiceSendInvoiceParams;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.ristourne.billing.api.BillingUnavailable;
import org.ristourne.billing.api.InvoiceRefused;
import org.ristourne.billing.api.InvoiceVendor;
import org.ristourne.billing.api.VendorInvoiceReceipt;
import org.ristourne.billing.api.VendorInvoices;
import org.ristourne.billing.stripe.StripeAmount;
import org.ristourne.billing.stripe.StripeClients;
import org.ristourne.billing.stripe.StripeErrors;
import org.ristourne.billing.stripe.StripeSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invoices a vendor through Stripe: one Stripe invoice per Ristourne invoice and currency, sent by email
 * ({@code collection_method=send_invoice}) with a due date, one line for the total.
 *
 * <p>The steps, each a POST with an Idempotency-Key derived from the invoice id, the currency and the step
 * ({@code ristourne-vinv-<invoiceId>-<currency>-<step>}):
 * <ol>
 *     <li>{@code customer}: only when the vendor has no Stripe customer yet. First the customers with the vendor's
 *     email ({@code GET /v1/customers?email=…}, Stripe's exact filter) are looked through for one whose metadata
 *     {@code vendor_id} names the vendor, made by an attempt whose answer was lost; only if there is none is it
 *     created ({@code POST /v1/customers}, key {@code ristourne-vendor-customer-<vendorId>}). Stripe's customer list
 *     cannot filter by metadata and its search is only eventually consistent, so the email is the handle; without
 *     it, a customer made more than 24 hours ago by a lost attempt would be made again, and its invoice with it.
 *     </li>
 *     <li>{@code invoice}: a draft ({@code POST /v1/invoices}) with metadata {@code ristourne_invoice_id},
 *     {@code vendor_id}, {@code auto_advance=false} and {@code pending_invoice_items_behavior=exclude}.</li>
 *     <li>{@code item}: the line ({@code POST /v1/invoiceitems}) created on that draft ({@code invoice=<id>}). Draft
 *     first, item on it: an item made pending first would have to be swept in with
 *     {@code pending_invoice_items_behavior=include}, which takes every pending item of the customer in that
 *     currency, another Ristourne invoice's interrupted one or an operator's included.</li>
 *     <li>{@code finalize} ({@code POST /v1/invoices/{id}/finalize}), then {@code send}
 *     ({@code POST /v1/invoices/{id}/send}): with {@code auto_advance=false} finalizing does not email the invoice.
 *     </li>
 * </ol>
 *
 * <p>Never twice: every call first lists the customer's invoices ({@code GET /v1/invoices?customer=…}, newest first,
 * all pages) for one whose metadata names this invoice id in this currency, and resumes from the step it reached:
 * a draft without the line gets it, a draft is finalized, an open invoice is sent, a paid one is only reported. The
 * keys cover a second attempt racing past the look-up or within 24 hours; the look-up covers the rest. An invoice
 * found (or replayed) for another amount, currency or vendor, or voided, is refused rather than made again.
 */
public final class StripeVendorInvoices implements VendorInvoices {

    static final String INVOICE_ID = "ristourne_invoice_id";
    static final String VENDOR_ID = "vendor_id";
    static final String SALE_COUNT = "sale_count";
    static final String CUSTOMER_KEY_PREFIX = "ristourne-vendor-customer-";
    static final String INVOICE_KEY_PREFIX = "ristourne-vinv-";
    /** Stripe's key limit is 255: the prefix, the currency and the longest step take 31. */
    private static final int MAX_ID_LENGTH = 200;
    private static final long PAGE_SIZE = 100;
    private static final Logger log = LoggerFactory.getLogger(StripeVendorInvoices.class);

    private final StripeClient stripe;

    public StripeVendorInvoices(StripeClient stripe) {
        this.stripe = Objects.requireNonNull(stripe, "stripe");
    }

    /**
     * Invoices through the Stripe account the settings name: how the broker, which never sees a Stripe type, gets one.
     */
    public static VendorInvoices connectedTo(StripeSettings settings) {
        return new StripeVendorInvoices(StripeClients.create(settings));
    }

    /** The Idempotency-Key of one step of one currency of one invoice: the same for every attempt. */
    public static String idempotencyKey(String invoiceId, String currency, String step) {
        return INVOICE_KEY_PREFIX + invoiceId + "-" + currency + "-" + step;
    }

    public static String customerIdempotencyKey(String vendorId) {
        return CUSTOMER_KEY_PREFIX + vendorId;
    }

    @Override
    public VendorInvoiceReceipt invoice(InvoiceVendor request) {
        StripeAmount amount = checked(request);
        String customerId = request.stripeCustomerId();
        try {
            if (customerId == null) {
                String email = Objects.requireNonNull(request.vendorEmail(), "checked: a new vendor has an email");
                customerId = findOrCreateCustomer(request, email.strip());
            }
            Invoice invoice = resumeOrCreate(request, customerId, amount);
            invoice = complete(request, amount, invoice);
            return new VendorInvoiceReceipt(request.invoiceId(), invoice.getId(), customerId,
                    invoice.getDueDate() == null ? request.dueAt() : Instant.ofEpochSecond(invoice.getDueDate()));
        } catch (StripeException e) {
            throw translate(request, customerId, e);
        }
    }

    private static StripeAmount checked(InvoiceVendor request) {
        for (String id : new String[] {request.invoiceId(), request.vendorId()}) {
            if (id.isBlank() || id.length() > MAX_ID_LENGTH) {
                throw new InvoiceRefused("invoice and vendor ids must be 1 to " + MAX_ID_LENGTH
                        + " characters to make idempotency keys, got '" + id + "'");
            }
        }
        if (request.stripeCustomerId() != null && !request.stripeCustomerId().startsWith("cus_")) {
            throw new InvoiceRefused("invoice " + request.invoiceId() + ": '" + request.stripeCustomerId()
                    + "' is not a Stripe customer id");
        }
        if (request.stripeCustomerId() == null && (request.vendorEmail() == null || request.vendorEmail().isBlank())) {
            throw new InvoiceRefused("invoice " + request.invoiceId() + ": vendor " + request.vendorId()
                    + " has no Stripe customer and no email; Stripe sends invoices by email and refuses to create"
                    + " one for a customer without an email");
        }
        try {
            return StripeAmount.of(request.total());
        } catch (StripeAmount.UnsupportedStripeAmount e) {
            throw new InvoiceRefused("invoice " + request.invoiceId() + ": " + e.getMessage(), e);
        }
    }

    private String findOrCreateCustomer(InvoiceVendor request, String email) throws StripeException {
        Optional<Customer> earlier = StripeErrors.first(
                stripe.v1().customers().list(CustomerListParams.builder().setEmail(email).setLimit(PAGE_SIZE)
                        .build()).autoPagingIterable(),
                customer -> customer.getMetadata() != null
                        && request.vendorId().equals(customer.getMetadata().get(VENDOR_ID)));
        if (earlier.isPresent()) {
            log.warn("Stripe customer {} of vendor {} found by its email for invoice {}: an earlier attempt made it"
                    + " and its id was not kept", earlier.get().getId(), request.vendorId(), request.invoiceId());
            return earlier.get().getId();
        }
        Customer customer = stripe.v1().customers().create(CustomerCreateParams.builder()
                        .setDescription("Ristourne vendor " + request.vendorId())
                        .setEmail(email)
                        .putMetadata(VENDOR_ID, request.vendorId())
                        .build(),
                RequestOptions.builder().setIdempotencyKey(customerIdempotencyKey(request.vendorId())).build());
        String madeFor = customer.getMetadata() == null ? null : customer.getMetadata().get(VENDOR_ID);
        if (!request.vendorId().equals(madeFor)) {
            throw new InvoiceRefused("invoice " + request.invoiceId() + ": Stripe answered customer "
                    + customer.getId() + " of vendor " + madeFor + " for vendor " + request.vendorId());
        }
        log.info("Stripe customer {} created for vendor {} (invoice {})", customer.getId(), request.vendorId(),
                request.invoiceId());
        return customer.getId();
    }

    /** The invoice an earlier attempt made, found by its metadata, or a new draft. */
    private Invoice resumeOrCreate(InvoiceVendor request, String customerId, StripeAmount amount)
            throws StripeException {
        Optional<Invoice> earlier = StripeErrors.first(
                stripe.v1().invoices().list(InvoiceListParams.builder().setCustomer(customerId).setLimit(PAGE_SIZE)
                        .build()).autoPagingIterable(),
                invoice -> request.invoiceId().equals(metadata(invoice, INVOICE_ID))
                        && amount.currency().equals(invoice.getCurrency()));
        if (earlier.isPresent()) {
            Invoice found = earlier.get();
            log.warn("Stripe invoice {} ({}) of vendor {} found for invoice {} {}: an earlier attempt made it;"
                            + " resuming from there", found.getId(), found.getStatus(), request.vendorId(),
                    request.invoiceId(), amount.currency());
            return requireSame(request, amount, found);
        }
        Invoice draft = stripe.v1().invoices().create(InvoiceCreateParams.builder()
                        .setCustomer(customerId)
                        .setCurrency(amount.currency())
                        .setCollectionMethod(InvoiceCreateParams.CollectionMethod.SEND_INVOICE)
                        .setDueDate(request.dueAt().getEpochSecond())
                        .setAutoAdvance(false)
                        .setPendingInvoiceItemsBehavior(InvoiceCreateParams.PendingInvoiceItemsBehavior.EXCLUDE)
                        .setDescription("Ristourne invoice " + request.invoiceId())
                        .putMetadata(INVOICE_ID, request.invoiceId())
                        .putMetadata(VENDOR_ID, request.vendorId())
                        .build(),
                keyed(request, amount, "invoice"));
        return requireSame(request, amount, draft);
    }

    /** From whatever step the invoice reached to finalized and sent. */
    private Invoice complete(InvoiceVendor request, StripeAmount amount, Invoice invoice) throws StripeException {
        Invoice current = invoice;
        if ("draft".equals(current.getStatus())) {
            if (Objects.requireNonNullElse(current.getSubtotal(), 0L) == 0) {
                addLine(request, amount, current);
            }
            current = requireSame(request, amount, stripe.v1().invoices().finalizeInvoice(current.getId(),
                    InvoiceFinalizeInvoiceParams.builder().build(), keyed(request, amount, "finalize")));
        }
        switch (Objects.requireNonNullElse(current.getStatus(), "unknown")) {
            case "open" -> {
                stripe.v1().invoices().sendInvoice(current.getId(), InvoiceSendInvoiceParams.builder().build(),
                        keyed(request, amount, "send"));
                log.info("Stripe invoice {} ({}) sent to vendor {} (customer {}) for invoice {}: {} {} due {}",
                        current.getId(), current.getNumber(), request.vendorId(), current.getCustomer(),
                        request.invoiceId(), amount.value(), amount.currency(), request.dueAt());
            }
            case "paid" -> log.info("Stripe invoice {} of vendor {} for invoice {} is already paid",
                    current.getId(), request.vendorId(), request.invoiceId());
            default -> throw new InvoiceRefused("invoice " + request.invoiceId() + " " + amount.currency()
                    + " is Stripe invoice " + current.getId() + ", " + current.getStatus()
                    + ": not invoiced again, left for an operator");
        }
        return current;
    }

    private void addLine(InvoiceVendor request, StripeAmount amount, Invoice draft) throws StripeException {
        InvoiceItem item = stripe.v1().invoiceItems().create(InvoiceItemCreateParams.builder()
                        .setCustomer(draft.getCustomer())
                        .setInvoice(draft.getId())
                        .setAmount(amount.value())
                        .setCurrency(amount.currency())
                        .setDescription(request.description())
                        .putMetadata(INVOICE_ID, request.invoiceId())
                        .putMetadata(VENDOR_ID, request.vendorId())
                        .putMetadata(SALE_COUNT, Integer.toString(request.saleCount()))
                        .build(),
                keyed(request, amount, "item"));
        if (!draft.getId().equals(item.getInvoice()) || !Objects.equals(item.getAmount(), amount.value())
                || !amount.currency().equals(item.getCurrency())) {
            throw new InvoiceRefused("invoice " + request.invoiceId() + ": Stripe answered item " + item.getId()
                    + " of invoice " + item.getInvoice() + " for " + item.getAmount() + " " + item.getCurrency()
                    + ", not " + amount.value() + " " + amount.currency() + " on " + draft.getId()
                    + ": left for an operator");
        }
    }

    /** The invoice is this invoice's, in this currency, for this vendor; once it has a line, for this amount. */
    private static Invoice requireSame(InvoiceVendor request, StripeAmount amount, Invoice invoice) {
        String invoiceId = metadata(invoice, INVOICE_ID);
        String vendorId = metadata(invoice, VENDOR_ID);
        if (!request.invoiceId().equals(invoiceId) || !request.vendorId().equals(vendorId)
                || !amount.currency().equals(invoice.getCurrency())) {
            throw new InvoiceRefused("invoice " + request.invoiceId() + " of vendor " + request.vendorId() + " in "
                    + amount.currency() + ": Stripe holds " + invoice.getId() + " for invoice " + invoiceId
                    + " of vendor " + vendorId + " in " + invoice.getCurrency() + ": left for an operator");
        }
        long subtotal = Objects.requireNonNullElse(invoice.getSubtotal(), 0L);
        return "draft".equals(invoice.getStatus()) && subtotal == 0 ? invoice : requireAmount(request, amount, invoice);
    }

    private static Invoice requireAmount(InvoiceVendor request, StripeAmount amount, Invoice invoice) {
        if (!Objects.equals(invoice.getSubtotal(), amount.value())) {
            throw new InvoiceRefused("invoice " + request.invoiceId() + " is already on Stripe as " + invoice.getId()
                    + " (" + invoice.getStatus() + ") for " + invoice.getSubtotal() + " " + invoice.getCurrency()
                    + ", not " + amount.value() + " " + amount.currency() + ": not invoiced twice, left for an"
                    + " operator");
        }
        return invoice;
    }

    private static @Nullable String metadata(Invoice invoice, String name) {
        Map<String, String> metadata = invoice.getMetadata();
        return metadata == null ? null : metadata.get(name);
    }

    private static RequestOptions keyed(InvoiceVendor request, StripeAmount amount, String step) {
        return RequestOptions.builder()
                .setIdempotencyKey(idempotencyKey(request.invoiceId(), amount.currency(), step)).build();
    }

    private static RuntimeException translate(InvoiceVendor request, @Nullable String customerId, StripeException e) {
        String what = "invoice " + request.invoiceId() + " of vendor " + request.vendorId() + " ("
                + (customerId == null ? "no Stripe customer yet" : customerId) + ")";
        if (StripeErrors.passing(e)) {
            log.warn("{}: Stripe unavailable, to be tried again: {}", what, StripeErrors.outcome(e));
            return new BillingUnavailable(what + ": " + StripeErrors.outcome(e), e);
        }
        log.warn("{} refused (Stripe request {}): {}", what, e.getRequestId(), StripeErrors.outcome(e));
        return new InvoiceRefused(what + " refused: " + StripeErrors.outcome(e), e);
    }
}
