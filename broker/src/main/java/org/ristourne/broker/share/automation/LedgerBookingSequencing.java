package org.ristourne.broker.share.automation;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.ristourne.billing.api.PayoutFailed;
import org.ristourne.billing.api.PayoutSettled;
import org.ristourne.billing.api.SaleSharesFunded;
import org.ristourne.broker.api.sale.SaleConfirmed;
import org.ristourne.broker.api.sale.SaleRefunded;
import org.ristourne.broker.api.sale.SaleReported;
import org.ristourne.broker.api.share.PostingRecorded;
import org.ristourne.broker.api.vendorinvoice.RefundDeductedFromInvoice;
import org.ristourne.broker.share.book.CustomerPayoutBook;
import org.springframework.stereotype.Component;

/**
 * Bookings of one sale happen in order even when they come from different aggregates (the sale's own events, and
 * billing's funding of it); payouts of one customer likewise, together with the postings of sales that change what
 * is payable to that customer, since a payout may take only what is payable when it comes. Everything else may run
 * in parallel.
 */
@Component("ledgerBookingSequencingPolicy")
public class LedgerBookingSequencing implements SequencingPolicy<EventMessage<?>> {

    private final SequentialPerAggregatePolicy perAggregate = SequentialPerAggregatePolicy.instance();

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        Object payload = event.getPayload();
        if (payload instanceof SaleReported reported) {
            return reported.saleId().toString();
        }
        if (payload instanceof SaleConfirmed confirmed) {
            return confirmed.saleId().toString();
        }
        if (payload instanceof SaleRefunded refunded) {
            return refunded.saleId().toString();
        }
        if (payload instanceof SaleSharesFunded funded) {
            return funded.saleKey();
        }
        if (payload instanceof RefundDeductedFromInvoice deducted) {
            return deducted.saleKey();
        }
        if (payload instanceof PayoutSettled settled) {
            return CustomerPayoutBook.idOf(settled.customerId());
        }
        if (payload instanceof PayoutFailed failed) {
            return CustomerPayoutBook.idOf(failed.customerId());
        }
        if (payload instanceof PostingRecorded posting && posting.saleKey() != null
                && WhenSaleLifecycleThenBookShares.payableChange(posting).isPresent()) {
            // fed to the customer's payout book: in store order with that customer's payouts
            return CustomerPayoutBook.idOf(posting.customerId());
        }
        Object byAggregate = perAggregate.getSequenceIdentifierFor(event);
        return byAggregate != null ? byAggregate : event.getIdentifier();
    }
}
