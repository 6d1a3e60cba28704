package org.ristourne.broker.payback.vendorinvoice;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.ristourne.billing.api.VendorInvoices;

/**
 * Billing's {@link VendorInvoices} if this node has one (only when Stripe is configured). Without it invoices are
 * issued in Ristourne but not sent: they stay {@code issued}, and health and the log say why.
 */
public final class StripeVendorInvoicing {

    private final @Nullable VendorInvoices invoices;

    public StripeVendorInvoicing(@Nullable VendorInvoices invoices) {
        this.invoices = invoices;
    }

    public Optional<VendorInvoices> port() {
        return Optional.ofNullable(invoices);
    }

    public boolean configured() {
        return invoices != null;
    }
}
