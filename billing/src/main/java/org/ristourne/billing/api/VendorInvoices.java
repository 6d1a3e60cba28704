package org.ristourne.billing.api;

/**
 * Collects the shared margin from a vendor: one Stripe invoice per Ristourne vendor invoice and currency (a Stripe
 * invoice has a single currency), sent to the vendor for payment by its due date. The broker's vendor-invoicing saga
 * calls it; billing's Stripe adapter implements it.
 *
 * <p>Idempotent by {@link InvoiceVendor#invoiceId()} and currency: every Stripe request carries an idempotency key
 * derived from them, and once those keys have expired an invoice already made is found again by the invoice id in
 * its metadata. Calling again after a crash or a timeout therefore never invoices twice.
 */
public interface VendorInvoices {

    /**
     * Creates the vendor's Stripe customer if {@link InvoiceVendor#stripeCustomerId()} is null, then the invoice with
     * one line for {@link InvoiceVendor#total()}, finalized and sent ({@code collection_method=send_invoice}).
     *
     * An invoice an earlier attempt left half-made is completed (a draft gets its line, is finalized and sent); one
     * already paid is only reported.
     *
     * @throws BillingUnavailable when Stripe could not be reached, timed out or answered 5xx, 429 or 409: try again
     *                            later, with the same request
     * @throws InvoiceRefused     when Stripe refused for good (a 4xx such as an unknown customer, or a customer
     *                            without an email), when the request cannot go to Stripe as it is (a new vendor
     *                            without {@link InvoiceVendor#vendorEmail()}, an amount Stripe cannot take exactly),
     *                            or when Stripe already holds this invoice for another amount, or voided: a person
     *                            decides, it is never invoiced twice
     */
    VendorInvoiceReceipt invoice(InvoiceVendor request);
}
