package org.ristourne.broker.api.vendorinvoice;

import org.jspecify.annotations.Nullable;

/** The vendor invoice lines in a state ({@code issued}, {@code sent}, {@code overdue}, {@code paid}, {@code failed}), or all. */
public record FindVendorInvoices(@Nullable String state) {
}
