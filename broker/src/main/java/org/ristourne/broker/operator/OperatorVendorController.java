package org.ristourne.broker.operator;

import static org.ristourne.broker.operator.OperatorRequests.required;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.ristourne.broker.api.Agreement;
import org.ristourne.broker.api.OfferId;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.vendor.ChangeAgreement;
import org.ristourne.broker.api.vendor.PublishOffer;
import org.ristourne.broker.api.vendor.ReinstateVendor;
import org.ristourne.broker.api.vendor.SetBillingEmail;
import org.ristourne.broker.api.vendor.SuspendVendor;
import org.ristourne.broker.api.vendor.WithdrawOffer;
import org.ristourne.broker.directory.BrokerDirectory;
import org.ristourne.broker.directory.VendorStatus;
import org.ristourne.broker.operator.OperatorRequests.AgreementRequest;
import org.ristourne.broker.operator.OperatorRequests.BillingEmailRequest;
import org.ristourne.broker.operator.OperatorRequests.OnboardVendorRequest;
import org.ristourne.broker.operator.OperatorRequests.PublishOfferRequest;
import org.ristourne.broker.operator.OperatorRequests.RotateSecretRequest;
import org.ristourne.broker.operator.OperatorRequests.SuspendRequest;
import org.ristourne.broker.vendor.WebhookSecrets.IssuedSecret;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The operator's side of vendors: onboarding, agreement versions, secret rotation, suspension, offers. */
@RestController
@RequestMapping("/operator/vendors")
class OperatorVendorController {

    /** Overlap used when the operator does not say: long enough for a vendor to deploy its new secret. */
    static final Duration DEFAULT_OVERLAP = VendorOperations.DEFAULT_SECRET_OVERLAP;

    private final VendorOperations vendors;
    private final CommandGateway commands;
    private final BrokerDirectory directory;
    private final Clock clock;

    OperatorVendorController(VendorOperations vendors, CommandGateway commands, BrokerDirectory directory,
                             Clock clock) {
        this.vendors = vendors;
        this.commands = commands;
        this.directory = directory;
        this.clock = clock;
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> onboard(@RequestBody OnboardVendorRequest request) {
        VendorId vendorId = new VendorId(required(request.vendorId(), "vendorId"));
        IssuedSecret secret = vendors.onboard(vendorId, required(request.displayName(), "displayName"),
                required(request.agreement(), "agreement").toTerms());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("vendorId", vendorId.value());
        body.put("webhookUrl", "/webhooks/vendors/" + vendorId.value());
        body.put("webhookSecret", secret.secret());
        body.put("agreementVersion", 1);
        return ResponseEntity.status(HttpStatus.CREATED).body(body);
    }

    @GetMapping("/{vendorId}")
    Map<String, Object> show(@PathVariable String vendorId) {
        VendorStatus vendor = directory.vendor(new VendorId(vendorId))
                .orElseThrow(() -> new OperatorNotFound("no vendor " + vendorId));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("vendorId", vendor.vendorId().value());
        body.put("suspended", vendor.suspended());
        body.put("agreements", vendor.agreements().stream().map(OperatorVendorController::agreementView).toList());
        return body;
    }

    @PutMapping("/{vendorId}/agreement")
    Map<String, Object> changeAgreement(@PathVariable String vendorId, @RequestBody AgreementRequest request) {
        VendorId id = new VendorId(vendorId);
        commands.sendAndWait(new ChangeAgreement(id, request.toTerms(), clock.instant()));
        List<Agreement> agreements = directory.vendor(id).orElseThrow().agreements();
        return agreementView(agreements.get(agreements.size() - 1));
    }

    @PostMapping("/{vendorId}/webhook-secrets")
    ResponseEntity<Map<String, Object>> rotateSecret(@PathVariable String vendorId,
                                                     @RequestBody(required = false) RotateSecretRequest request) {
        Duration overlap = request == null || request.overlapMinutes() == null ? DEFAULT_OVERLAP
                : Duration.ofMinutes(request.overlapMinutes());
        VendorOperations.Rotation rotation = vendors.rotateSecret(new VendorId(vendorId), overlap);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("webhookSecret", rotation.secret().secret());
        body.put("previousSecretValidUntil", rotation.previousValidUntil().toString());
        return ResponseEntity.status(HttpStatus.CREATED).body(body);
    }

    @PostMapping("/{vendorId}/suspension")
    ResponseEntity<Void> suspend(@PathVariable String vendorId, @RequestBody SuspendRequest request) {
        commands.sendAndWait(new SuspendVendor(new VendorId(vendorId), required(request.reason(), "reason"),
                clock.instant()));
        return ResponseEntity.noContent().build();
    }

    /** Where Stripe emails the vendor's invoices; needed before its first invoice is sent. */
    @PutMapping("/{vendorId}/billing-email")
    ResponseEntity<Void> setBillingEmail(@PathVariable String vendorId, @RequestBody BillingEmailRequest request) {
        commands.sendAndWait(new SetBillingEmail(new VendorId(vendorId), required(request.email(), "email"),
                clock.instant()));
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{vendorId}/suspension")
    ResponseEntity<Void> reinstate(@PathVariable String vendorId) {
        commands.sendAndWait(new ReinstateVendor(new VendorId(vendorId), clock.instant()));
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{vendorId}/offers")
    ResponseEntity<Map<String, Object>> publishOffer(@PathVariable String vendorId,
                                                     @RequestBody PublishOfferRequest request) {
        OfferId offerId = new OfferId(required(request.offerId(), "offerId"));
        commands.sendAndWait(new PublishOffer(new VendorId(vendorId), offerId, required(request.title(), "title"),
                request.description() == null ? "" : request.description(),
                request.price() == null ? null : request.price().toMoney(), clock.instant()));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("offerId", offerId.value()));
    }

    @DeleteMapping("/{vendorId}/offers/{offerId}")
    ResponseEntity<Void> withdrawOffer(@PathVariable String vendorId, @PathVariable String offerId) {
        commands.sendAndWait(new WithdrawOffer(new VendorId(vendorId), new OfferId(offerId), clock.instant()));
        return ResponseEntity.noContent().build();
    }

    private static Map<String, Object> agreementView(Agreement agreement) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("version", agreement.version());
        view.put("effectiveFrom", agreement.effectiveFrom().toString());
        view.put("shareBps", agreement.terms().shareBps().value());
        view.put("brokerFeeBps", agreement.terms().brokerFeeBps().value());
        view.put("holdDays", agreement.terms().holdDays());
        view.put("defaultMarginBps", agreement.terms().defaultMarginBps() == null ? null
                : agreement.terms().defaultMarginBps().value());
        view.put("currencies", agreement.terms().currencies().stream().map(java.util.Currency::getCurrencyCode).toList());
        return view;
    }
}
