package org.ristourne.broker.subscribe.relationship;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.CustomerRef;
import org.ristourne.broker.api.RelationshipId;
import org.ristourne.broker.api.RuleViolation;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.relationship.ConsultOffers;
import org.ristourne.broker.api.relationship.EndRelationship;
import org.ristourne.broker.api.relationship.OffersConsulted;
import org.ristourne.broker.api.relationship.OpenRelationship;
import org.ristourne.broker.api.relationship.RelationshipEnded;
import org.ristourne.broker.api.relationship.RelationshipOpened;
import org.ristourne.broker.directory.BrokerDirectory;
import org.ristourne.broker.directory.VendorStatus;

/**
 * One customer's relationship with one vendor, under the vendor's no-push terms: the vendor knows the customer only by
 * the relationship's random customerRef, and offers reach the customer only when the customer consults them.
 */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class Relationship {

    @AggregateIdentifier
    private RelationshipId relationshipId;
    private CustomerId customerId;
    private VendorId vendorId;
    private CustomerRef customerRef;
    private boolean ended;

    protected Relationship() {
    }

    @CommandHandler
    public Relationship(OpenRelationship command, BrokerDirectory directory) {
        VendorStatus vendor = directory.vendor(command.vendorId()).orElseThrow(
                () -> new RuleViolation("unknown-vendor", "no vendor " + command.vendorId()));
        if (vendor.suspended()) {
            throw new RuleViolation("vendor-suspended", "vendor " + command.vendorId() + " is suspended");
        }
        if (!directory.isRegistered(command.customerId())) {
            throw new RuleViolation("unknown-customer", "no customer " + command.customerId());
        }
        if (!directory.isSubscribedAt(command.customerId(), command.at())) {
            throw new RuleViolation("customer-not-subscribed",
                    "customer " + command.customerId() + " is not subscribed at " + command.at());
        }
        if (directory.hasOpenRelationship(command.customerId(), command.vendorId())) {
            throw new RuleViolation("relationship-already-open", "customer " + command.customerId()
                    + " already has an open relationship with vendor " + command.vendorId());
        }
        apply(new RelationshipOpened(command.relationshipId(), command.customerId(), command.vendorId(),
                CustomerRef.random(), command.at()));
    }

    @CommandHandler
    void handle(EndRelationship command) {
        requireOpen();
        apply(new RelationshipEnded(relationshipId, customerId, vendorId, customerRef, command.at()));
    }

    @CommandHandler
    void handle(ConsultOffers command) {
        requireOpen();
        apply(new OffersConsulted(relationshipId, vendorId, command.at()));
    }

    private void requireOpen() {
        if (ended) {
            throw new RuleViolation("relationship-ended", "relationship " + relationshipId + " has ended");
        }
    }

    @EventSourcingHandler
    void on(RelationshipOpened event) {
        relationshipId = event.relationshipId();
        customerId = event.customerId();
        vendorId = event.vendorId();
        customerRef = event.customerRef();
    }

    @EventSourcingHandler
    void on(RelationshipEnded event) {
        ended = true;
    }
}
