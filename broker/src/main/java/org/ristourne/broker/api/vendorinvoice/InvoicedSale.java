package org.ristourne.broker.api.vendorinvoice;

import org.ristourne.ledger.money.Money;

/** A sale on an invoice line: its key and the pool the vendor is invoiced for it. */
public record InvoicedSale(String saleKey, Money amount) {
}
