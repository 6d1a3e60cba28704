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
import org.springframework.stereotype.Component;

/**
 * Bookings of one sale happen in order even when they come from different aggregates (the sale's own events, and
 * billing's funding of it); payouts of one customer likewise. Everything else may run in parallel.
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
        if (payload instanceof PayoutSettled settled) {
            return "payouts:" + settled.customerId();
        }
        if (payload instanceof PayoutFailed failed) {
            return "payouts:" + failed.customerId();
        }
        Object byAggregate = perAggregate.getSequenceIdentifierFor(event);
        return byAggregate != null ? byAggregate : event.getIdentifier();
    }
}
