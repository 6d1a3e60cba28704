package org.ristourne.broker.api.vendorinvoice;

import org.ristourne.ledger.money.Money;

/** A refund of a sale the vendor had already paid for, given back on an invoice line: its pool reversal. */
public record InvoicedDeduction(String saleKey, String refundId, Money amount) {
}
