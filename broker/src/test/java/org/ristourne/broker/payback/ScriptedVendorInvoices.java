package org.ristourne.broker.payback;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ristourne.billing.api.BillingUnavailable;
import org.ristourne.billing.api.InvoiceRefused;
import org.ristourne.billing.api.InvoiceVendor;
import org.ristourne.billing.api.VendorInvoiceReceipt;
import org.ristourne.billing.api.VendorInvoices;

/**
 * A {@link VendorInvoices} for tests: records every request, fails the first {@code unavailable} of them as Stripe
 * being unavailable (or refuses them all), and otherwise makes one Stripe invoice per invoice id and currency, as
 * billing's idempotency keys would: a request repeated after a success gets the same receipt. The vendor's Stripe
 * customer is {@code cus_<vendorId>}; Stripe invoice ids are {@code in_1}, {@code in_2} … in order of creation.
 */
public class ScriptedVendorInvoices implements VendorInvoices {

    private final List<InvoiceVendor> requests = new ArrayList<>();
    private final Map<String, VendorInvoiceReceipt> invoiced = new LinkedHashMap<>();
    private int unavailable;
    private boolean refuse;

    public synchronized ScriptedVendorInvoices failingFirst(int times) {
        this.unavailable = times;
        return this;
    }

    public synchronized ScriptedVendorInvoices refusingAll() {
        this.refuse = true;
        return this;
    }

    public synchronized void reset() {
        requests.clear();
        invoiced.clear();
        unavailable = 0;
        refuse = false;
    }

    @Override
    public synchronized VendorInvoiceReceipt invoice(InvoiceVendor request) {
        requests.add(request);
        if (refuse) {
            throw new InvoiceRefused("No such customer: '" + request.stripeCustomerId() + "'");
        }
        if (unavailable > 0) {
            unavailable--;
            throw new BillingUnavailable("Stripe answered 500", null);
        }
        return invoiced.computeIfAbsent(request.invoiceId() + "/" + request.total().currency(), key ->
                new VendorInvoiceReceipt(request.invoiceId(), "in_" + (invoiced.size() + 1),
                        "cus_" + request.vendorId(), request.dueAt()));
    }

    /** Every request, failed or not, in order. */
    public synchronized List<InvoiceVendor> requests() {
        return List.copyOf(requests);
    }

    /** The Stripe invoices made, one per invoice id and currency, in order: the receipt of each. */
    public synchronized List<VendorInvoiceReceipt> invoiced() {
        return List.copyOf(invoiced.values());
    }

    /** The receipt of the Stripe invoice made for an invoice's line in a currency, if one was made. */
    public synchronized java.util.Optional<VendorInvoiceReceipt> receipt(String invoiceId, String currency) {
        return java.util.Optional.ofNullable(invoiced.get(invoiceId + "/" + currency));
    }
}
