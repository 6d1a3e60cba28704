package org.ristourne.broker.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ristourne.broker.api.Agreement;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.CustomerRef;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.directory.BrokerDirectory;
import org.ristourne.broker.directory.RelationshipEntry;
import org.ristourne.broker.directory.VendorStatus;
import org.ristourne.broker.subscribe.customer.SubscriptionPeriod;

/** An in-memory directory for aggregate fixtures: each test states exactly what the rules will read. */
public final class FakeDirectory implements BrokerDirectory {

    private final Map<VendorId, VendorStatus> vendors = new HashMap<>();
    private final Map<CustomerId, List<SubscriptionPeriod>> customers = new HashMap<>();
    private final Map<CustomerRef, RelationshipEntry> relationships = new HashMap<>();
    private final Set<String> openPairs = new HashSet<>();
    private final Map<VendorId, String> billingEmails = new HashMap<>();

    public FakeDirectory vendor(VendorId vendorId, boolean suspended, Agreement... agreements) {
        vendors.put(vendorId, new VendorStatus(vendorId, suspended, List.of(agreements)));
        return this;
    }

    public FakeDirectory billingEmail(VendorId vendorId, String email) {
        billingEmails.put(vendorId, email);
        return this;
    }

    public FakeDirectory customer(CustomerId customerId, Instant subscribedFrom, Instant subscribedUntil) {
        customers.computeIfAbsent(customerId, id -> new ArrayList<>())
                .add(new SubscriptionPeriod(subscribedFrom, subscribedUntil));
        return this;
    }

    public FakeDirectory unsubscribedCustomer(CustomerId customerId) {
        customers.computeIfAbsent(customerId, id -> new ArrayList<>());
        return this;
    }

    public FakeDirectory relationship(RelationshipEntry entry) {
        relationships.put(entry.customerRef(), entry);
        if (entry.open()) {
            openPairs.add(entry.customerId() + "/" + entry.vendorId());
        }
        return this;
    }

    @Override
    public Optional<VendorStatus> vendor(VendorId vendorId) {
        return Optional.ofNullable(vendors.get(vendorId));
    }

    @Override
    public Optional<String> billingEmail(VendorId vendorId) {
        return Optional.ofNullable(billingEmails.get(vendorId));
    }

    @Override
    public boolean isRegistered(CustomerId customerId) {
        return customers.containsKey(customerId);
    }

    @Override
    public boolean isSubscribedAt(CustomerId customerId, Instant instant) {
        return customers.getOrDefault(customerId, List.of()).stream().anyMatch(period -> period.contains(instant));
    }

    @Override
    public Optional<RelationshipEntry> relationship(CustomerRef customerRef) {
        return Optional.ofNullable(relationships.get(customerRef));
    }

    @Override
    public boolean hasOpenRelationship(CustomerId customerId, VendorId vendorId) {
        return openPairs.contains(customerId + "/" + vendorId);
    }
}
