package org.ristourne.broker.see.relationships;

import java.text.Collator;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.RelationshipId;
import org.ristourne.broker.api.RuleViolation;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.relationship.ConsultOffers;
import org.ristourne.broker.api.relationship.EndRelationship;
import org.ristourne.broker.api.relationship.OpenRelationship;
import org.ristourne.broker.directory.BrokerDirectory;
import org.ristourne.broker.see.catalogue.CatalogueProjection;
import org.ristourne.broker.subscribe.account.CustomerPrincipal;
import org.ristourne.broker.support.WriteConflicts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.view.RedirectView;

/**
 * The customer's vendors and relationships. The customer is always the signed-in one; a relationship id in a URL is
 * looked up together with that customer, and one that is not theirs gets the same 404 as one that does not exist.
 * Offers are shown only on a relationship's own page, and each showing is recorded ({@code ConsultOffers}): vendors
 * have no way to push them.
 */
@Controller
class RelationshipsPage {

    private static final Logger log = LoggerFactory.getLogger(RelationshipsPage.class);

    /** Refusals of OpenRelationship the page explains in words of their own; any other gets a general sentence. */
    static final Set<String> EXPLAINED_REFUSALS = Set.of("customer-not-subscribed", "vendor-suspended",
            "unknown-vendor", "unknown-customer");

    record VendorCard(String vendorId, String name, @Nullable SharePercents share, @Nullable String relationshipId) {
    }

    record RelationshipView(String relationshipId, String vendorId, String vendorName, boolean vendorPaused,
                            @Nullable String customerRef, Instant openedAt, @Nullable Instant endedAt,
                            List<CatalogueProjection.Offer> offers) {

        public boolean open() {
            return customerRef != null;
        }
    }

    private final CustomerRelationships relationships;
    private final BrokerDirectory directory;
    private final CatalogueProjection catalogue;
    private final CommandGateway commands;
    private final Clock clock;

    RelationshipsPage(CustomerRelationships relationships, BrokerDirectory directory, CatalogueProjection catalogue,
                      CommandGateway commands, Clock clock) {
        this.relationships = relationships;
        this.directory = directory;
        this.catalogue = catalogue;
        this.commands = commands;
        this.clock = clock;
    }

    @GetMapping("/relationships")
    String vendors(@AuthenticationPrincipal CustomerPrincipal customer, Locale locale, Model model) {
        vendorsModel(customer, locale, model);
        return "relationships";
    }

    @PostMapping("/relationships")
    ModelAndView open(@AuthenticationPrincipal CustomerPrincipal customer,
                      @RequestParam(defaultValue = "") String vendorId, Locale locale, Model model) {
        VendorId vendor;
        try {
            vendor = new VendorId(vendorId);
        } catch (IllegalArgumentException malformed) {
            return refused(customer, "unknown-vendor", locale, model);
        }
        // A second click, a second tab or a resent form: the relationship already open is the answer, not an error.
        Optional<RelationshipId> already = relationships.openRelationship(customer.customerId(), vendor);
        if (already.isPresent()) {
            return new ModelAndView(seeOther("/relationships/" + already.get().value()));
        }
        RelationshipId relationshipId = RelationshipId.random();
        try {
            commands.sendAndWait(new OpenRelationship(relationshipId, customer.customerId(), vendor, clock.instant()));
        } catch (RuleViolation violation) {
            if (!"relationship-already-open".equals(violation.code())) {
                return refused(customer, violation.code(), locale, model);
            }
            return openedMeanwhile(customer, vendor, locale, model);
        } catch (RuntimeException failure) {
            // Two submissions at the same moment both passed the check; the directory's unique key stopped one.
            if (!WriteConflicts.isCause(failure)) {
                throw failure;
            }
            return openedMeanwhile(customer, vendor, locale, model);
        }
        return new ModelAndView(seeOther("/relationships/" + relationshipId.value()));
    }

    @GetMapping("/relationships/{relationshipId}")
    String relationship(@AuthenticationPrincipal CustomerPrincipal customer, @PathVariable String relationshipId,
                        Model model) {
        CustomerRelationships.Relationship relationship = owned(customer, relationshipId);
        List<CatalogueProjection.Offer> offers = List.of();
        boolean open = relationship.open();
        if (open) {
            try {
                commands.sendAndWait(new ConsultOffers(relationship.relationshipId(), clock.instant()));
                offers = catalogue.offersOf(relationship.vendorId());
            } catch (RuleViolation ended) {
                // Ended in another tab since it was read: show it as ended, as a reload would.
                log.debug("Offers not consulted: {}", ended.getMessage());
                relationship = owned(customer, relationshipId);
                open = false;
            }
        }
        model.addAttribute("relationship", new RelationshipView(relationship.relationshipId().value(),
                relationship.vendorId().value(), relationship.vendorName(), relationship.vendorSuspended(),
                open ? relationship.customerRef().value() : null, relationship.openedAt(), relationship.endedAt(),
                offers));
        return "relationship";
    }

    @PostMapping("/relationships/{relationshipId}/end")
    View end(@AuthenticationPrincipal CustomerPrincipal customer, @PathVariable String relationshipId,
             RedirectAttributes redirect) {
        CustomerRelationships.Relationship relationship = owned(customer, relationshipId);
        if (relationship.open()) {
            try {
                commands.sendAndWait(new EndRelationship(relationship.relationshipId(), clock.instant()));
            } catch (RuleViolation violation) {
                // Ended meanwhile (a second click): the customer's wish holds all the same.
                if (!"relationship-ended".equals(violation.code())) {
                    throw violation;
                }
            }
        }
        redirect.addFlashAttribute("endedVendor", relationship.vendorName());
        return seeOther("/relationships");
    }

    private CustomerRelationships.Relationship owned(CustomerPrincipal customer, String relationshipId) {
        RelationshipId id;
        try {
            id = new RelationshipId(relationshipId);
        } catch (IllegalArgumentException malformed) {
            throw notFound();
        }
        return relationships.relationship(customer.customerId(), id).orElseThrow(RelationshipsPage::notFound);
    }

    private ModelAndView openedMeanwhile(CustomerPrincipal customer, VendorId vendor, Locale locale, Model model) {
        log.info("A concurrent request opened the relationship of {} with {} first", customer.customerId(), vendor);
        return relationships.openRelationship(customer.customerId(), vendor)
                .map(id -> new ModelAndView(seeOther("/relationships/" + id.value())))
                .orElseGet(() -> refused(customer, "conflict", locale, model));
    }

    private ModelAndView refused(CustomerPrincipal customer, String code, Locale locale, Model model) {
        model.addAttribute("refusal", "relationships.refused."
                + (EXPLAINED_REFUSALS.contains(code) ? code : "other"));
        vendorsModel(customer, locale, model);
        ModelAndView page = new ModelAndView("relationships", model.asMap());
        page.setStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        return page;
    }

    private void vendorsModel(CustomerPrincipal customer, Locale locale, Model model) {
        Instant now = clock.instant();
        List<CustomerRelationships.Vendor> vendors = relationships.vendors(customer.customerId(), now);
        Collator collator = Collator.getInstance(locale);
        Comparator<VendorCard> byName = Comparator.comparing(VendorCard::name, collator)
                .thenComparing(VendorCard::vendorId);
        // Suspended vendors accept no reports, so they are not offered; a relationship still open with one stays
        // reachable, so that the customer can read its code or end it.
        model.addAttribute("vendors", vendors.stream().filter(vendor -> !vendor.suspended())
                .map(vendor -> card(vendor, locale)).sorted(byName).toList());
        model.addAttribute("pausedRelationships", vendors.stream()
                .filter(vendor -> vendor.suspended() && vendor.openRelationship() != null)
                .map(vendor -> card(vendor, locale)).sorted(byName).toList());
        model.addAttribute("subscribed", directory.isSubscribedAt(customer.customerId(), now));
    }

    private static VendorCard card(CustomerRelationships.Vendor vendor, Locale locale) {
        return new VendorCard(vendor.vendorId().value(), vendor.name(), vendor.terms() == null ? null
                : SharePercents.of(vendor.terms().shareBps(), vendor.terms().brokerFeeBps(), locale),
                vendor.openRelationship() == null ? null : vendor.openRelationship().value());
    }

    private static RedirectView seeOther(String path) {
        RedirectView view = new RedirectView(path, true);
        view.setStatusCode(HttpStatus.SEE_OTHER);
        view.setExposeModelAttributes(false);
        return view;
    }

    private static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
}
