package org.ristourne.broker.payback.vendorinvoice;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.ristourne.broker.api.share.PostingRecorded;
import org.springframework.stereotype.Component;

/** Postings of one vendor's sales reach its {@link VendorInvoicing} in store order; vendors go in parallel. */
@Component("vendorInvoicingSequencingPolicy")
class VendorInvoicingSequencing implements SequencingPolicy<EventMessage<?>> {

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        if (event.getPayload() instanceof PostingRecorded posting && posting.vendorId() != null) {
            return posting.vendorId();
        }
        return event.getIdentifier();
    }
}
