package org.ristourne.broker.api.vendorinvoice;

import java.util.Currency;
import java.util.List;
import org.ristourne.ledger.money.Money;

/** One currency of a vendor invoice, one Stripe invoice: the sales, less the deductions, make the total. */
public record InvoiceLine(Currency currency, List<InvoicedSale> sales, List<InvoicedDeduction> deductions,
                          Money total) {

    public InvoiceLine {
        sales = List.copyOf(sales);
        deductions = List.copyOf(deductions);
        Money sum = Money.zero(currency);
        for (InvoicedSale sale : sales) {
            sum = sum.plus(sale.amount());
        }
        for (InvoicedDeduction deduction : deductions) {
            sum = sum.minus(deduction.amount());
        }
        if (!sum.equals(total) || !total.isPositive()) {
            throw new IllegalArgumentException("an invoice line's total is its sales less its deductions, and"
                    + " positive: " + sum + " computed, " + total + " given");
        }
    }
}
