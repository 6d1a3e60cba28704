package org.ristourne.broker.directory;

import java.util.stream.Collectors;
import org.axonframework.config.ProcessingGroup;
import org.ristourne.broker.support.EpochMicros;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.ristourne.broker.api.AgreementTerms;
import org.ristourne.broker.api.customer.CustomerRegistered;
import org.ristourne.broker.api.customer.SubscriptionEnded;
import org.ristourne.broker.api.customer.SubscriptionPeriodRecorded;
import org.ristourne.broker.api.relationship.RelationshipEnded;
import org.ristourne.broker.api.relationship.RelationshipOpened;
import org.ristourne.broker.api.vendor.AgreementAdopted;
import org.ristourne.broker.api.vendor.BillingEmailSet;
import org.ristourne.broker.api.vendor.VendorOnboarded;
import org.ristourne.broker.api.vendor.VendorReinstated;
import org.ristourne.broker.api.vendor.VendorSuspended;
import org.ristourne.broker.api.vendor.WebhookSecretRotated;
import org.ristourne.broker.vendor.WebhookSecrets;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the directory tables in step with the events, in the same transaction as the command that caused them
 * (processing group {@value #GROUP} is a subscribing processor), so that the next command's rules read them current.
 * Rebuildable from the event store ({@code POST /actuator/replay/directory}): the reset handler empties every table
 * this projection fills. Webhook secrets are not events, so {@code vendor_webhook_secret} is never emptied; replaying
 * a rotation sets the same end of validity again.
 */
@Component
@ProcessingGroup(DirectoryProjection.GROUP)
class DirectoryProjection {

    static final String GROUP = "directory";

    private final JdbcTemplate jdbc;
    private final WebhookSecrets secrets;

    DirectoryProjection(JdbcTemplate jdbc, WebhookSecrets secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    @ResetHandler
    void reset() {
        // Children before parents, should the schema ever gain foreign keys.
        for (String table : new String[] {"directory_relationship", "directory_subscription_period",
                "directory_customer", "directory_agreement", "directory_vendor"}) {
            jdbc.update("delete from " + table);
        }
    }

    @EventHandler
    void on(VendorOnboarded event) {
        jdbc.update("insert into directory_vendor (vendor_id, display_name, suspended, onboarded_at_us) values (?, ?, ?, ?)",
                event.vendorId().value(), event.displayName(), false, EpochMicros.of(event.onboardedAt()));
    }

    @EventHandler
    void on(AgreementAdopted event) {
        AgreementTerms terms = event.agreement().terms();
        jdbc.update("""
                insert into directory_agreement (vendor_id, version, effective_from_us, share_bps, broker_fee_bps,
                    hold_days, default_margin_bps, currencies)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                event.vendorId().value(), event.agreement().version(), EpochMicros.of(event.agreement().effectiveFrom()),
                terms.shareBps().value(), terms.brokerFeeBps().value(), terms.holdDays(),
                terms.defaultMarginBps() == null ? null : terms.defaultMarginBps().value(),
                terms.currencies().stream().map(java.util.Currency::getCurrencyCode).collect(Collectors.joining(",")));
    }

    /** The previous secret stops verifying when the rotation's overlap ends, in the rotation's own transaction. */
    @EventHandler
    void on(WebhookSecretRotated event) {
        secrets.retire(event.previousSecretId(), event.previousValidUntil());
    }

    @EventHandler
    void on(BillingEmailSet event) {
        jdbc.update("update directory_vendor set billing_email = ? where vendor_id = ?", event.email(),
                event.vendorId().value());
    }

    @EventHandler
    void on(VendorSuspended event) {
        jdbc.update("update directory_vendor set suspended = ? where vendor_id = ?", true, event.vendorId().value());
    }

    @EventHandler
    void on(VendorReinstated event) {
        jdbc.update("update directory_vendor set suspended = ? where vendor_id = ?", false, event.vendorId().value());
    }

    @EventHandler
    void on(CustomerRegistered event) {
        jdbc.update("insert into directory_customer (customer_id, registered_at_us) values (?, ?)",
                event.customerId().value(), EpochMicros.of(event.registeredAt()));
    }

    @EventHandler
    void on(SubscriptionPeriodRecorded event) {
        jdbc.update("insert into directory_subscription_period (customer_id, active_from_us, active_until_us) values (?, ?, ?)",
                event.customerId().value(), EpochMicros.of(event.activeFrom()), EpochMicros.of(event.activeUntil()));
    }

    @EventHandler
    void on(SubscriptionEnded event) {
        long endedAt = EpochMicros.of(event.endedAt());
        jdbc.update("delete from directory_subscription_period where customer_id = ? and active_from_us >= ?",
                event.customerId().value(), endedAt);
        jdbc.update("update directory_subscription_period set active_until_us = ? where customer_id = ? and active_until_us > ?",
                endedAt, event.customerId().value(), endedAt);
    }

    @EventHandler
    void on(RelationshipOpened event) {
        // open_pair is unique: a second open relationship for the same customer and vendor fails this insert even
        // when two requests passed the aggregate's check at the same moment.
        jdbc.update("""
                insert into directory_relationship (customer_ref, relationship_id, customer_id, vendor_id, open_pair,
                    opened_at_us)
                values (?, ?, ?, ?, ?, ?)
                """,
                event.customerRef().value(), event.relationshipId().value(), event.customerId().value(),
                event.vendorId().value(), event.customerId().value() + "/" + event.vendorId().value(),
                EpochMicros.of(event.openedAt()));
    }

    @EventHandler
    void on(RelationshipEnded event) {
        jdbc.update("update directory_relationship set open_pair = null, ended_at_us = ? where customer_ref = ?",
                EpochMicros.of(event.endedAt()), event.customerRef().value());
    }

}
