package org.ristourne.broker.operator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.ristourne.broker.api.AgreementTerms;
import org.ristourne.broker.api.RuleViolation;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.vendor.OnboardVendor;
import org.ristourne.broker.api.vendor.RotateWebhookSecret;
import org.ristourne.broker.directory.BrokerDirectory;
import org.ristourne.broker.vendor.WebhookSecrets;
import org.ristourne.broker.vendor.WebhookSecrets.IssuedSecret;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Operations that pair a command with a secret: the secret row and the event commit together or not at all. Public
 * so that the operator's pages onboard through this very code, not a second copy of it.
 */
@Service
public class VendorOperations {

    /** Overlap used when no other is asked for: long enough for a vendor to deploy its new secret. */
    public static final Duration DEFAULT_SECRET_OVERLAP = Duration.ofHours(24);

    private final CommandGateway commands;
    private final WebhookSecrets secrets;
    private final BrokerDirectory directory;
    private final TransactionTemplate transactions;
    private final Clock clock;

    VendorOperations(CommandGateway commands, WebhookSecrets secrets, BrokerDirectory directory,
                     TransactionTemplate transactions, Clock clock) {
        this.commands = commands;
        this.secrets = secrets;
        this.directory = directory;
        this.transactions = transactions;
        this.clock = clock;
    }

    public IssuedSecret onboard(VendorId vendorId, String displayName, AgreementTerms terms) {
        return transactions.execute(status -> {
            if (directory.vendor(vendorId).isPresent()) {
                throw new RuleViolation("vendor-exists", "vendor " + vendorId + " is already onboarded");
            }
            IssuedSecret secret = secrets.issue(vendorId);
            commands.sendAndWait(new OnboardVendor(vendorId, displayName, terms, secret.secretId(), clock.instant()));
            return secret;
        });
    }

    public record Rotation(IssuedSecret secret, Instant previousValidUntil) {
    }

    public Rotation rotateSecret(VendorId vendorId, Duration overlap) {
        return transactions.execute(status -> {
            Instant now = clock.instant();
            IssuedSecret secret = secrets.issue(vendorId);
            Instant previousValidUntil = now.plus(overlap);
            commands.sendAndWait(new RotateWebhookSecret(vendorId, secret.secretId(), previousValidUntil, now));
            return new Rotation(secret, previousValidUntil);
        });
    }
}
