package org.ristourne.broker.see.ledger;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.ristourne.billing.api.PayoutFailed;
import org.ristourne.billing.api.PayoutSettled;
import org.ristourne.broker.api.customer.SubscriptionCreditApplied;
import org.ristourne.broker.api.customer.SubscriptionPeriodRecorded;
import org.ristourne.broker.api.sale.SaleConfirmed;
import org.ristourne.broker.api.sale.SaleRefunded;
import org.ristourne.broker.api.sale.SaleReported;
import org.ristourne.broker.api.share.PayoutAbandoned;
import org.ristourne.broker.api.share.PayoutAllocated;
import org.ristourne.broker.api.share.PayoutAllocationReversed;
import org.ristourne.broker.api.share.PayoutAttemptFailed;
import org.ristourne.broker.api.share.PayoutRequested;
import org.ristourne.broker.api.share.PostingRecorded;
import org.springframework.stereotype.Component;

/**
 * The ledger's read models form one processing group, replayed together. Its events are handled in order per
 * customer: a customer's statement line is written by the sale's events and by the ledger's postings, which come from
 * different aggregates, and must see them in the order they were stored.
 */
@Component("ledgerReadModelSequencingPolicy")
public class LedgerReadModels implements SequencingPolicy<EventMessage<?>> {

    public static final String GROUP = "ledger-read-models";

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        Object payload = event.getPayload();
        if (payload instanceof PostingRecorded posting) {
            return posting.customerId();
        }
        if (payload instanceof PayoutAllocated allocated) {
            return allocated.customerId();
        }
        if (payload instanceof PayoutAllocationReversed reversed) {
            return reversed.customerId();
        }
        if (payload instanceof SaleReported reported) {
            return reported.customerId().value();
        }
        if (payload instanceof SaleConfirmed confirmed) {
            return confirmed.customerId().value();
        }
        if (payload instanceof SaleRefunded refunded) {
            return refunded.customerId().value();
        }
        if (payload instanceof PayoutSettled settled) {
            return settled.customerId();
        }
        if (payload instanceof SubscriptionPeriodRecorded period) {
            return period.customerId().value();
        }
        if (payload instanceof PayoutRequested requested) {
            return requested.customerId();
        }
        if (payload instanceof PayoutAbandoned abandoned) {
            return abandoned.customerId();
        }
        if (payload instanceof PayoutAttemptFailed failed) {
            return failed.customerId();
        }
        if (payload instanceof PayoutFailed failed) {
            return failed.customerId();
        }
        if (payload instanceof SubscriptionCreditApplied credit) {
            return credit.customerId().value();
        }
        return event.getIdentifier();
    }
}
