package org.ristourne.broker.operator.pages.vendors;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.Agreement;
import org.ristourne.broker.api.AgreementTerms;
import org.ristourne.broker.api.RuleViolation;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.vendor.ChangeAgreement;
import org.ristourne.broker.api.vendor.ReinstateVendor;
import org.ristourne.broker.api.vendor.SuspendVendor;
import org.ristourne.broker.operator.VendorOperations;
import org.ristourne.broker.operator.pages.vendors.AgreementForm.Mistake;
import org.ristourne.broker.support.WriteConflicts;
import org.ristourne.broker.vendor.WebhookSecrets.IssuedSecret;
import org.ristourne.broker.vendor.users.VendorUserAccounts;
import org.ristourne.broker.vendor.users.VendorUsers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.view.RedirectView;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The operator's vendors: the list with an onboarding form, and one vendor's page with its agreement versions, its
 * users and the forms that change it. Onboarding goes through {@link VendorOperations}, as the operator API does, and
 * the other changes send the API's own commands, so the rules are the aggregate's alone. A secret or a first password
 * appears only on the answer to the form that made it, which no cache keeps; no page shows it again.
 */
@Controller
class OperatorVendorsPage {

    private static final Logger log = LoggerFactory.getLogger(OperatorVendorsPage.class);

    /** Refusals the pages explain in words of their own; any other is named by its code in a general sentence. */
    static final Set<String> EXPLAINED_REFUSALS = Set.of("vendor-exists", "invalid-vendor", "agreement-backdated",
            "vendor-already-suspended", "vendor-not-suspended", "suspension-reason-required", "unknown-vendor",
            "invalid-email", "invalid-name", "email-in-use", "conflict");

    /** A reason is read by people in the vendor's history: a few sentences, not a document (it stays in an event). */
    static final int MAX_REASON = 500;

    /** The onboarding form as typed, so that a refused one comes back filled in. */
    record OnboardForm(String vendorId, String displayName, AgreementForm agreement) {

        static final OnboardForm BLANK = new OnboardForm("", "", AgreementForm.BLANK);
    }

    record UserForm(String email, String displayName) {

        static final UserForm BLANK = new UserForm("", "");
    }

    /** One agreement version in words: percentages in the page's locale, currencies by code. */
    record AgreementView(int version, Instant effectiveFrom, int shareBps, String share, String brokerFee,
                         int holdDays, @Nullable String defaultMargin, String currencies) {

        static AgreementView of(Agreement agreement, Locale locale) {
            AgreementTerms terms = agreement.terms();
            return new AgreementView(agreement.version(), agreement.effectiveFrom(), terms.shareBps().value(),
                    AgreementForm.percent(terms.shareBps(), locale), AgreementForm.percent(terms.brokerFeeBps(), locale),
                    terms.holdDays(), terms.defaultMarginBps() == null ? null
                    : AgreementForm.percent(terms.defaultMarginBps(), locale),
                    String.join(", ", terms.currencies().stream().map(Currency::getCurrencyCode).toList()));
        }
    }

    record VendorListItem(String vendorId, String displayName, boolean suspended, @Nullable AgreementView agreement,
                          int users) {
    }

    /** {@code agreements} newest first: the one in force leads. */
    record VendorDetail(String vendorId, String displayName, boolean suspended, Instant onboardedAt,
                        @Nullable String billingEmail, List<AgreementView> agreements, List<UserRow> users) {

        public @Nullable AgreementView current() {
            return agreements.isEmpty() ? null : agreements.get(0);
        }
    }

    record UserRow(String email, String displayName) {
    }

    private final OperatorVendorReads reads;
    private final VendorOperations operations;
    private final VendorUserAccounts accounts;
    private final VendorUsers users;
    private final CommandGateway commands;
    private final Clock clock;

    OperatorVendorsPage(OperatorVendorReads reads, VendorOperations operations, VendorUserAccounts accounts,
                        VendorUsers users, CommandGateway commands, Clock clock) {
        this.reads = reads;
        this.operations = operations;
        this.accounts = accounts;
        this.users = users;
        this.commands = commands;
        this.clock = clock;
    }

    @GetMapping("/operations/vendors")
    String vendors(Locale locale, Model model) {
        listModel(OnboardForm.BLANK, locale, model);
        return "operations-vendors";
    }

    @PostMapping("/operations/vendors")
    ModelAndView onboard(@RequestParam(defaultValue = "") String vendorId,
                         @RequestParam(defaultValue = "") String displayName,
                         @ModelAttribute AgreementForm agreement, Locale locale, Model model,
                         HttpServletResponse response, Principal operator) {
        OnboardForm form = new OnboardForm(vendorId.strip(), displayName.strip(), agreement);
        List<Mistake> mistakes = new ArrayList<>();
        VendorId id = null;
        try {
            id = new VendorId(form.vendorId());
        } catch (IllegalArgumentException malformed) {
            mistakes.add(new Mistake("vendorId", "ops.vendors.mistake.vendor-id"));
        }
        if (form.displayName().isEmpty() || form.displayName().length() > 200) {
            mistakes.add(new Mistake("displayName", "ops.vendors.mistake.display-name"));
        }
        AgreementForm.Parsed terms = agreement.terms();
        mistakes.addAll(terms.mistakes());
        if (!mistakes.isEmpty() || id == null || terms.terms() == null) {
            model.addAttribute("mistakes", mistakes);
            return listRefused(form, locale, model);
        }
        IssuedSecret secret;
        try {
            secret = operations.onboard(id, form.displayName(), terms.terms());
        } catch (RuleViolation violation) {
            return refusedOnList(violation.code(), form, locale, model);
        } catch (RuntimeException failure) {
            // Two forms for the same id at once both passed the check; the directory's key stopped the later one.
            if (!WriteConflicts.isCause(failure)) {
                throw failure;
            }
            return refusedOnList("vendor-exists", form, locale, model);
        }
        log.info("Operator {} onboarded vendor {} from the pages", operator.getName(), id);
        model.addAttribute("issuedSecret", secret.secret());
        model.addAttribute("webhookPath", "/webhooks/vendors/" + id.value());
        ModelAndView page = vendorPage(id, locale, model);
        page.setStatus(HttpStatus.CREATED);
        noStore(response);
        return page;
    }

    @GetMapping("/operations/vendors/{vendorId}")
    ModelAndView vendor(@PathVariable String vendorId, Locale locale, Model model) {
        return vendorPage(known(vendorId), locale, model);
    }

    @PostMapping("/operations/vendors/{vendorId}/suspension")
    ModelAndView suspend(@PathVariable String vendorId, @RequestParam(defaultValue = "") String reason,
                         Locale locale, Model model, RedirectAttributes redirect, Principal operator) {
        VendorId id = known(vendorId);
        if (reason.strip().length() > MAX_REASON) {
            model.addAttribute("suspendReason", reason);
            model.addAttribute("mistakes", List.of(new Mistake("reason", "ops.vendors.mistake.reason")));
            ModelAndView page = vendorPage(id, locale, model);
            page.setStatus(HttpStatus.UNPROCESSABLE_CONTENT);
            return page;
        }
        try {
            commands.sendAndWait(new SuspendVendor(id, reason.strip(), clock.instant()));
        } catch (RuleViolation violation) {
            model.addAttribute("suspendReason", reason);
            return refusedOnVendor(id, violation.code(), locale, model);
        }
        log.info("Operator {} suspended vendor {} from the pages", operator.getName(), id);
        redirect.addFlashAttribute("notice", "ops.vendors.notice.suspended");
        return new ModelAndView(seeOther(id));
    }

    @PostMapping("/operations/vendors/{vendorId}/reinstatement")
    ModelAndView reinstate(@PathVariable String vendorId, Locale locale, Model model, RedirectAttributes redirect,
                           Principal operator) {
        VendorId id = known(vendorId);
        try {
            commands.sendAndWait(new ReinstateVendor(id, clock.instant()));
        } catch (RuleViolation violation) {
            return refusedOnVendor(id, violation.code(), locale, model);
        }
        log.info("Operator {} reinstated vendor {} from the pages", operator.getName(), id);
        redirect.addFlashAttribute("notice", "ops.vendors.notice.reinstated");
        return new ModelAndView(seeOther(id));
    }

    @PostMapping("/operations/vendors/{vendorId}/agreement")
    ModelAndView changeAgreement(@PathVariable String vendorId, @ModelAttribute AgreementForm agreement,
                                 Locale locale, Model model, RedirectAttributes redirect) {
        VendorId id = known(vendorId);
        AgreementForm.Parsed terms = agreement.terms();
        if (terms.terms() == null) {
            model.addAttribute("agreementForm", agreement);
            model.addAttribute("mistakes", terms.mistakes());
            ModelAndView page = vendorPage(id, locale, model);
            page.setStatus(HttpStatus.UNPROCESSABLE_CONTENT);
            return page;
        }
        int versionsBefore = reads.one(id).map(vendor -> vendor.agreements().size()).orElse(0);
        try {
            commands.sendAndWait(new ChangeAgreement(id, terms.terms(), clock.instant()));
        } catch (RuleViolation violation) {
            model.addAttribute("agreementForm", agreement);
            return refusedOnVendor(id, violation.code(), locale, model);
        }
        int versionsAfter = reads.one(id).map(vendor -> vendor.agreements().size()).orElse(0);
        // The aggregate records nothing for the terms already in force: say so rather than claim a new version.
        redirect.addFlashAttribute("notice", versionsAfter > versionsBefore ? "ops.vendors.notice.agreement"
                : "ops.vendors.notice.agreement-unchanged");
        redirect.addFlashAttribute("noticeVersion", versionsAfter);
        return new ModelAndView(seeOther(id));
    }

    @PostMapping("/operations/vendors/{vendorId}/users")
    ModelAndView createUser(@PathVariable String vendorId, @RequestParam(defaultValue = "") String email,
                            @RequestParam(defaultValue = "") String displayName, Locale locale, Model model,
                            HttpServletResponse response, Principal operator) {
        VendorId id = known(vendorId);
        VendorUserAccounts.Created created;
        try {
            created = accounts.create(id, email, displayName);
        } catch (VendorUserAccounts.Refused refused) {
            model.addAttribute("userForm", new UserForm(email, displayName));
            return refusedOnVendor(id, refused.code(), locale, model);
        }
        log.info("Operator {} created vendor user {} for {} from the pages", operator.getName(), created.userId(),
                id);
        model.addAttribute("createdUser", created);
        ModelAndView page = vendorPage(id, locale, model);
        page.setStatus(HttpStatus.CREATED);
        noStore(response);
        return page;
    }

    private void listModel(OnboardForm form, Locale locale, Model model) {
        model.addAttribute("vendors", reads.all().stream().map(vendor -> new VendorListItem(vendor.vendorId().value(),
                vendor.displayName(), vendor.suspended(),
                vendor.current() == null ? null : AgreementView.of(vendor.current(), locale), vendor.users()))
                .toList());
        model.addAttribute("form", form);
        if (!model.containsAttribute("mistakes")) {
            model.addAttribute("mistakes", List.of());
        }
    }

    private ModelAndView listRefused(OnboardForm form, Locale locale, Model model) {
        listModel(form, locale, model);
        ModelAndView page = new ModelAndView("operations-vendors", model.asMap());
        page.setStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        return page;
    }

    private ModelAndView refusedOnList(String code, OnboardForm form, Locale locale, Model model) {
        model.addAttribute("refusal", refusalKey(code));
        model.addAttribute("refusalCode", code);
        return listRefused(form, locale, model);
    }

    private ModelAndView refusedOnVendor(VendorId id, String code, Locale locale, Model model) {
        model.addAttribute("refusal", refusalKey(code));
        model.addAttribute("refusalCode", code);
        ModelAndView page = vendorPage(id, locale, model);
        page.setStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        return page;
    }

    private ModelAndView vendorPage(VendorId id, Locale locale, Model model) {
        OperatorVendorReads.VendorRow vendor = reads.one(id).orElseThrow(OperatorVendorsPage::notFound);
        List<AgreementView> agreements = vendor.agreements().stream()
                .sorted(Comparator.comparingInt(Agreement::version).reversed())
                .map(agreement -> AgreementView.of(agreement, locale)).toList();
        model.addAttribute("vendor", new VendorDetail(id.value(), vendor.displayName(), vendor.suspended(),
                vendor.onboardedAt(), vendor.billingEmail(), agreements,
                users.ofVendor(id).stream().map(user -> new UserRow(user.email(), user.displayName())).toList()));
        if (!model.containsAttribute("agreementForm")) {
            model.addAttribute("agreementForm", vendor.current() == null ? AgreementForm.BLANK
                    : AgreementForm.of(vendor.current().terms()));
        }
        if (!model.containsAttribute("userForm")) {
            model.addAttribute("userForm", UserForm.BLANK);
        }
        if (!model.containsAttribute("mistakes")) {
            model.addAttribute("mistakes", List.of());
        }
        return new ModelAndView("operations-vendor", model.asMap());
    }

    /** A vendor the directory knows; a malformed or unknown id is the same 404, whatever the method. */
    private VendorId known(String vendorId) {
        VendorId id;
        try {
            id = new VendorId(vendorId);
        } catch (IllegalArgumentException malformed) {
            throw notFound();
        }
        if (reads.one(id).isEmpty()) {
            throw notFound();
        }
        return id;
    }

    private static String refusalKey(String code) {
        return "ops.vendors.refused." + (EXPLAINED_REFUSALS.contains(code) ? code : "other");
    }

    private static void noStore(HttpServletResponse response) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    private static RedirectView seeOther(VendorId id) {
        RedirectView view = new RedirectView("/operations/vendors/" + id.value(), true);
        view.setStatusCode(HttpStatus.SEE_OTHER);
        view.setExposeModelAttributes(false);
        return view;
    }

    private static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
}
