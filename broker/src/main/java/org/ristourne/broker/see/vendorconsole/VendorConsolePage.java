package org.ristourne.broker.see.vendorconsole;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.Agreement;
import org.ristourne.broker.api.AgreementTerms;
import org.ristourne.broker.api.RuleViolation;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.directory.BrokerDirectory;
import org.ristourne.broker.directory.VendorStatus;
import org.ristourne.broker.operator.VendorOperations;
import org.ristourne.broker.see.relationships.SharePercents;
import org.ristourne.broker.see.vendorconsole.ConsoleTimes.TimeText;
import org.ristourne.broker.vendor.users.VendorPrincipal;
import org.ristourne.broker.web.PageFormats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.servlet.view.RedirectView;

/**
 * The vendor console (PAGES.md "Vendor console" 1 and 3): integration health first, then the agreement and its
 * versions, then the secret's rotation. The vendor is the signed-in user's, never one named by the request.
 *
 * <p>The rotation goes through {@link VendorOperations}, as the operator API's does, so the secret row and the event
 * commit together. Its answer is rendered in the POST's own response, marked no-store, and never redirected to: a URL
 * or a later page never carries the secret. Each rotation form carries a one-time token kept in the session, so that a
 * reload or a Back that resends the form rotates nothing and shows no secret.
 */
@Controller
class VendorConsolePage {

    private static final Logger log = LoggerFactory.getLogger(VendorConsolePage.class);

    /** "Recent" in the health figures: a week holds a weekend's quiet and a Monday's burst. */
    static final int WINDOW_DAYS = 7;
    static final int TOP_REASONS = 3;
    static final String ROTATION_TOKEN = VendorConsolePage.class.getName() + ".rotation";
    private static final SecureRandom RANDOM = new SecureRandom();

    record Health(@Nullable TimeText lastRecorded, long recordedRecently, int windowDays, @Nullable Refusals refusals,
                  @Nullable TimeText secretIssued, List<TimeText> previousSecretsValidUntil, String webhookUrl) {

        public boolean rotationInProgress() {
            return !previousSecretsValidUntil.isEmpty();
        }
    }

    record Refusals(long signed, long refused, String percent, List<RecentDeliveries.Reason> reasons) {
    }

    /** One agreement version in words; {@code state} is in-force, past or upcoming. */
    record AgreementView(int version, TimeText from, String state, int shareBps, int brokerFeeBps,
                         SharePercents share, String brokerFee, int holdDays, @Nullable String defaultMargin,
                         String currencies) {
    }

    record NewSecret(String secret, TimeText previousValidUntil, long overlapHours) {

        @Override
        public String toString() {
            return "NewSecret[previous valid until " + previousValidUntil.iso() + "]";
        }
    }

    private final ConsoleReads reads;
    private final BrokerDirectory directory;
    private final VendorOperations vendors;
    private final ObjectProvider<RecentDeliveries> deliveries;
    private final PageFormats formats;
    private final MessageSource messages;
    private final Clock clock;

    VendorConsolePage(ConsoleReads reads, BrokerDirectory directory, VendorOperations vendors,
                      ObjectProvider<RecentDeliveries> deliveries, PageFormats formats, MessageSource messages,
                      Clock clock) {
        this.reads = reads;
        this.directory = directory;
        this.vendors = vendors;
        this.deliveries = deliveries;
        this.formats = formats;
        this.messages = messages;
        this.clock = clock;
    }

    @GetMapping("/vendor")
    String console(@AuthenticationPrincipal VendorPrincipal user, Locale locale, HttpSession session, Model model) {
        VendorId vendor = user.vendorId();
        Instant now = clock.instant();
        ZoneId zone = formats.zone();
        VendorStatus status = directory.vendor(vendor).orElseThrow();
        model.addAttribute("vendorId", vendor.value());
        model.addAttribute("vendorName", reads.vendorName(vendor).orElse(vendor.value()));
        model.addAttribute("suspended", status.suspended());
        model.addAttribute("health", health(vendor, now, zone, locale));
        List<AgreementView> agreements = agreements(status, now, zone, locale);
        model.addAttribute("agreements", agreements);
        model.addAttribute("agreement", agreements.stream().filter(a -> a.state().equals("in-force")).findFirst()
                .orElse(null));
        model.addAttribute("overlapHours", VendorOperations.DEFAULT_SECRET_OVERLAP.toHours());
        model.addAttribute("rotationToken", rotationToken(session));
        return "vendor-console";
    }

    @PostMapping("/vendor/secret")
    ModelAndView rotate(@AuthenticationPrincipal VendorPrincipal user, @RequestParam(defaultValue = "") String rotation,
                        Locale locale, HttpSession session, HttpServletResponse response) {
        if (!consume(session, rotation)) {
            log.info("Vendor {} user {}: a rotation form was sent again or out of date; nothing rotated",
                    user.vendorId(), user.userId());
            return seeOther("/vendor?rotation-expired");
        }
        VendorOperations.Rotation done;
        try {
            done = vendors.rotateSecret(user.vendorId(), VendorOperations.DEFAULT_SECRET_OVERLAP);
        } catch (RuleViolation refused) {
            log.warn("Vendor {} user {}: secret rotation refused: {}", user.vendorId(), user.userId(),
                    refused.getMessage());
            return seeOther("/vendor?rotation-refused");
        }
        // The secret's id and dates only: the secret itself goes to this one response and nowhere else.
        log.info("Vendor {} user {} rotated the webhook secret: new secret {}, previous valid until {}",
                user.vendorId(), user.userId(), done.secret().secretId(), done.previousValidUntil());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader(HttpHeaders.PRAGMA, "no-cache");
        Instant now = clock.instant();
        ModelAndView page = new ModelAndView("vendor-secret");
        page.addObject("newSecret", new NewSecret(done.secret().secret(),
                ConsoleTimes.of(done.previousValidUntil(), now, formats.zone(), locale, messages),
                VendorOperations.DEFAULT_SECRET_OVERLAP.toHours()));
        return page;
    }

    private Health health(VendorId vendor, Instant now, ZoneId zone, Locale locale) {
        Instant since = now.minus(Duration.ofDays(WINDOW_DAYS));
        ConsoleReads.Secrets secrets = reads.secrets(vendor, now);
        RecentDeliveries log = deliveries.getIfAvailable();
        return new Health(
                reads.lastRecorded(vendor).map(at -> ConsoleTimes.of(at, now, zone, locale, messages)).orElse(null),
                reads.recordedSince(vendor, since), WINDOW_DAYS,
                log == null ? null : refusals(log.since(vendor, since), locale),
                secrets.currentIssuedAt() == null ? null
                        : ConsoleTimes.of(secrets.currentIssuedAt(), now, zone, locale, messages),
                secrets.previousValidUntil().stream().map(at -> ConsoleTimes.of(at, now, zone, locale, messages))
                        .toList(),
                ServletUriComponentsBuilder.fromCurrentContextPath().path("/webhooks/vendors/{id}")
                        .buildAndExpand(vendor.value()).toUriString());
    }

    static Refusals refusals(RecentDeliveries.Summary summary, Locale locale) {
        NumberFormat percent = NumberFormat.getPercentInstance(locale);
        percent.setMaximumFractionDigits(1);
        double share = summary.signed() == 0 ? 0 : (double) summary.refused() / summary.signed();
        return new Refusals(summary.signed(), summary.refused(), percent.format(share),
                summary.topReasons().stream().limit(TOP_REASONS).toList());
    }

    /** Newest first; the version in force is the latest that took effect by now. */
    private List<AgreementView> agreements(VendorStatus status, Instant now, ZoneId zone, Locale locale) {
        Agreement inForce = status.agreementAt(now).orElse(null);
        List<AgreementView> views = new ArrayList<>();
        for (Agreement agreement : status.agreements()) {
            String state = agreement.equals(inForce) ? "in-force"
                    : agreement.effectiveFrom().isAfter(now) ? "upcoming" : "past";
            AgreementTerms terms = agreement.terms();
            views.add(0, new AgreementView(agreement.version(),
                    ConsoleTimes.of(agreement.effectiveFrom(), now, zone, locale, messages), state,
                    terms.shareBps().value(), terms.brokerFeeBps().value(),
                    SharePercents.of(terms.shareBps().value(), terms.brokerFeeBps().value(), locale),
                    percent(terms.brokerFeeBps().value(), locale), terms.holdDays(),
                    terms.defaultMarginBps() == null ? null : percent(terms.defaultMarginBps().value(), locale),
                    terms.currencies().stream().map(Currency::getCurrencyCode).collect(Collectors.joining(", "))));
        }
        return views;
    }

    static String percent(int bps, Locale locale) {
        NumberFormat format = NumberFormat.getPercentInstance(locale);
        format.setMaximumFractionDigits(2);
        return format.format(bps / 10_000.0);
    }

    /** One token per session until a rotation uses it, so two tabs share it and either may rotate once. */
    private static String rotationToken(HttpSession session) {
        Object token = session.getAttribute(ROTATION_TOKEN);
        if (token instanceof String existing) {
            return existing;
        }
        byte[] random = new byte[18];
        RANDOM.nextBytes(random);
        String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        session.setAttribute(ROTATION_TOKEN, fresh);
        return fresh;
    }

    private static boolean consume(HttpSession session, String sent) {
        Object expected = session.getAttribute(ROTATION_TOKEN);
        session.removeAttribute(ROTATION_TOKEN);
        return expected instanceof String token && !sent.isEmpty() && MessageDigest.isEqual(
                token.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }

    private static ModelAndView seeOther(String path) {
        RedirectView view = new RedirectView(path, true);
        view.setStatusCode(HttpStatus.SEE_OTHER);
        view.setExposeModelAttributes(false);
        return new ModelAndView(view);
    }
}
