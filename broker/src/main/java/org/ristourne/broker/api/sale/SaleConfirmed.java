package org.ristourne.broker.api.sale;

import java.time.Instant;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.SaleId;

/** The return window ended with part of the sale unrefunded: its shares are due. */
public record SaleConfirmed(SaleId saleId, CustomerId customerId, Instant confirmedAt) {
}
