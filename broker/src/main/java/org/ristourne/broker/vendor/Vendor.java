package org.ristourne.broker.vendor;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.ristourne.broker.api.Agreement;
import org.ristourne.broker.api.OfferId;
import org.ristourne.broker.api.RuleViolation;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.vendor.AgreementAdopted;
import org.ristourne.broker.api.vendor.BillingEmailSet;
import org.ristourne.broker.api.vendor.ChangeAgreement;
import org.ristourne.broker.api.vendor.OfferPublished;
import org.ristourne.broker.api.vendor.OfferWithdrawn;
import org.ristourne.broker.api.vendor.OnboardVendor;
import org.ristourne.broker.api.vendor.PublishOffer;
import org.ristourne.broker.api.vendor.ReinstateVendor;
import org.ristourne.broker.api.vendor.RotateWebhookSecret;
import org.ristourne.broker.api.vendor.SetBillingEmail;
import org.ristourne.broker.api.vendor.SuspendVendor;
import org.ristourne.broker.api.vendor.VendorOnboarded;
import org.ristourne.broker.api.vendor.VendorReinstated;
import org.ristourne.broker.api.vendor.VendorSuspended;
import org.ristourne.broker.api.vendor.WebhookSecretRotated;
import org.ristourne.broker.api.vendor.WithdrawOffer;

/**
 * A vendor: its versioned agreement, its webhook signing secret (by id: the secret itself is kept out of the event
 * store), whether it may report sales, and the offers it publishes.
 */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class Vendor {

    /** Long enough for a vendor to deploy a new secret, short enough that a leaked one dies soon. */
    static final Duration MAX_SECRET_OVERLAP = Duration.ofDays(30);

    @AggregateIdentifier
    private VendorId vendorId;
    private List<Agreement> agreements = new ArrayList<>();
    private String webhookSecretId;
    private boolean suspended;
    private String billingEmail;
    private Set<OfferId> publishedOffers = new HashSet<>();

    protected Vendor() {
    }

    @CommandHandler
    public Vendor(OnboardVendor command) {
        requireDisplayName(command.displayName());
        requireSecretId(command.webhookSecretId());
        apply(new VendorOnboarded(command.vendorId(), command.displayName().strip(), command.webhookSecretId(),
                command.at()));
        apply(new AgreementAdopted(command.vendorId(), new Agreement(1, command.at(), command.terms())));
    }

    @CommandHandler
    void handle(ChangeAgreement command) {
        Agreement current = currentAgreement();
        if (command.at().isBefore(current.effectiveFrom())) {
            throw new RuleViolation("agreement-backdated", "a new agreement cannot take effect before version "
                    + current.version() + " (" + current.effectiveFrom() + ")");
        }
        if (current.terms().equals(command.terms())) {
            return;
        }
        apply(new AgreementAdopted(vendorId, new Agreement(current.version() + 1, command.at(), command.terms())));
    }

    @CommandHandler
    void handle(RotateWebhookSecret command) {
        requireSecretId(command.newSecretId());
        if (command.newSecretId().equals(webhookSecretId)) {
            throw new RuleViolation("secret-already-current", "secret " + webhookSecretId + " is already current");
        }
        if (command.previousValidUntil().isBefore(command.at())
                || command.previousValidUntil().isAfter(command.at().plus(MAX_SECRET_OVERLAP))) {
            throw new RuleViolation("invalid-secret-overlap",
                    "the previous secret may stay valid from now up to 30 days, not until " + command.previousValidUntil());
        }
        apply(new WebhookSecretRotated(vendorId, command.newSecretId(), webhookSecretId, command.previousValidUntil(),
                command.at()));
    }

    @CommandHandler
    void handle(SuspendVendor command) {
        if (suspended) {
            throw new RuleViolation("vendor-already-suspended", "vendor " + vendorId + " is already suspended");
        }
        if (command.reason() == null || command.reason().isBlank()) {
            throw new RuleViolation("suspension-reason-required", "a suspension needs a reason");
        }
        apply(new VendorSuspended(vendorId, command.reason().strip(), command.at()));
    }

    /** Setting the address it already has records nothing, so a repeated request is harmless. */
    @CommandHandler
    void handle(SetBillingEmail command) {
        String email = command.email() == null ? "" : command.email().strip();
        if (!BillingEmails.isPlausible(email)) {
            throw new RuleViolation("invalid-billing-email", "a billing email is one address of at most "
                    + BillingEmails.MAX_LENGTH + " characters, local@domain, without spaces");
        }
        if (!email.equals(billingEmail)) {
            apply(new BillingEmailSet(vendorId, email, command.at()));
        }
    }

    @CommandHandler
    void handle(ReinstateVendor command) {
        if (!suspended) {
            throw new RuleViolation("vendor-not-suspended", "vendor " + vendorId + " is not suspended");
        }
        apply(new VendorReinstated(vendorId, command.at()));
    }

    @CommandHandler
    void handle(PublishOffer command) {
        if (suspended) {
            throw new RuleViolation("vendor-suspended", "vendor " + vendorId + " is suspended");
        }
        if (publishedOffers.contains(command.offerId())) {
            throw new RuleViolation("offer-already-published", "offer " + command.offerId() + " is already published");
        }
        if (command.title() == null || command.title().isBlank() || command.title().length() > 200) {
            throw new RuleViolation("invalid-offer", "an offer needs a title of 1 to 200 characters");
        }
        if (command.description() == null || command.description().length() > 5000) {
            throw new RuleViolation("invalid-offer", "an offer's description is at most 5000 characters");
        }
        if (command.price() != null && command.price().isNegative()) {
            throw new RuleViolation("invalid-offer", "an offer's price cannot be negative");
        }
        apply(new OfferPublished(vendorId, command.offerId(), command.title().strip(), command.description(),
                command.price(), command.at()));
    }

    @CommandHandler
    void handle(WithdrawOffer command) {
        if (!publishedOffers.contains(command.offerId())) {
            throw new RuleViolation("unknown-offer", "offer " + command.offerId() + " is not published");
        }
        apply(new OfferWithdrawn(vendorId, command.offerId(), command.at()));
    }

    @EventSourcingHandler
    void on(VendorOnboarded event) {
        vendorId = event.vendorId();
        webhookSecretId = event.webhookSecretId();
    }

    @EventSourcingHandler
    void on(AgreementAdopted event) {
        agreements.add(event.agreement());
    }

    @EventSourcingHandler
    void on(WebhookSecretRotated event) {
        webhookSecretId = event.newSecretId();
    }

    @EventSourcingHandler
    void on(VendorSuspended event) {
        suspended = true;
    }

    @EventSourcingHandler
    void on(BillingEmailSet event) {
        billingEmail = event.email();
    }

    @EventSourcingHandler
    void on(VendorReinstated event) {
        suspended = false;
    }

    @EventSourcingHandler
    void on(OfferPublished event) {
        publishedOffers.add(event.offerId());
    }

    @EventSourcingHandler
    void on(OfferWithdrawn event) {
        publishedOffers.remove(event.offerId());
    }

    private Agreement currentAgreement() {
        return agreements.get(agreements.size() - 1);
    }

    private static void requireDisplayName(String displayName) {
        if (displayName == null || displayName.isBlank() || displayName.length() > 200) {
            throw new RuleViolation("invalid-vendor", "a vendor needs a display name of 1 to 200 characters");
        }
    }

    private static void requireSecretId(String secretId) {
        if (secretId == null || secretId.isBlank()) {
            throw new RuleViolation("invalid-vendor", "a webhook secret id is required");
        }
    }
}
