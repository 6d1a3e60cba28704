package org.ristourne.broker.directory;

import java.time.Instant;
import java.util.Optional;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.CustomerRef;
import org.ristourne.broker.api.VendorId;

/**
 * What an aggregate must know about other aggregates to enforce its rules: whether a vendor accepts reports and under
 * which agreement, whether a customer was subscribed at a given time, which relationship a customerRef belongs to.
 * Kept in tables updated in the same transaction as the events they follow, so a rule never reads a stale answer.
 */
public interface BrokerDirectory {

    Optional<VendorStatus> vendor(VendorId vendorId);

    /** Where the vendor's invoices are emailed, once an operator has set it. */
    Optional<String> billingEmail(VendorId vendorId);

    boolean isRegistered(CustomerId customerId);

    boolean isSubscribedAt(CustomerId customerId, Instant instant);

    Optional<RelationshipEntry> relationship(CustomerRef customerRef);

    boolean hasOpenRelationship(CustomerId customerId, VendorId vendorId);
}
