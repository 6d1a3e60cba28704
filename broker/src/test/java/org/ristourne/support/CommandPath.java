package org.ristourne.support;

import java.time.Instant;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.ristourne.broker.api.AgreementTerms;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.CustomerRef;
import org.ristourne.broker.api.RelationshipId;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.customer.RecordSubscriptionPeriod;
import org.ristourne.broker.api.customer.RegisterCustomer;
import org.ristourne.broker.api.relationship.OpenRelationship;
import org.ristourne.broker.api.vendor.OnboardVendor;
import org.ristourne.broker.support.WriteConflicts;
import org.ristourne.ledger.money.Money;
import org.springframework.jdbc.core.JdbcTemplate;

/** Sets up through the broker's own commands what a sale needs: a vendor, and a customer subscribed to it. */
public final class CommandPath {

    private CommandPath() {
    }

    /**
     * Onboards the vendor, registers the customer subscribed for [from, until) having paid {@code paid}, opens
     * their relationship at {@code openedAt}, and returns the pseudonym the vendor reports sales with.
     */
    public static CustomerRef vendorWithSubscribedCustomer(CommandGateway commands, JdbcTemplate jdbc, VendorId vendor,
                                                           AgreementTerms terms, CustomerId customer, Instant from,
                                                           Instant until, Money paid, Instant openedAt) {
        commands.sendAndWait(new OnboardVendor(vendor, "Vendor " + vendor.value(), terms, "whs-" + vendor.value(),
                from));
        commands.sendAndWait(new RegisterCustomer(customer, from));
        commands.sendAndWait(new RecordSubscriptionPeriod(customer, from, until, paid));
        RelationshipId relationship = RelationshipId.random();
        commands.sendAndWait(new OpenRelationship(relationship, customer, vendor, openedAt));
        return new CustomerRef(jdbc.queryForObject(
                "select customer_ref from directory_relationship where relationship_id = ?", String.class,
                relationship.value()));
    }

    /**
     * Sends a command to a sale that its hold deadline may be changing at the same moment (a hold of zero days fires
     * at once), as the vendor webhook's intake does: a lost race for the sale's stream is sent again.
     */
    public static void sendToSale(CommandGateway commands, Object command) {
        for (int attempt = 1; ; attempt++) {
            try {
                commands.sendAndWait(command);
                return;
            } catch (RuntimeException e) {
                if (attempt == 10 || !WriteConflicts.isCause(e)) {
                    throw e;
                }
            }
        }
    }
}
