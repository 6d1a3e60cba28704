package org.ristourne.broker.see.vendorconsole;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.ristourne.broker.vendor.users.VendorPrincipal;
import org.ristourne.broker.vendor.users.VendorSignIns;
import org.ristourne.broker.vendor.users.VendorUserAccounts;
import org.ristourne.broker.vendor.users.VendorUsers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

/**
 * A vendor user changes their own password: the current one first, then a new one with the customers' rule (10
 * characters or more, 72 bytes at most, which is what bcrypt reads). A wrong current password counts as a failed
 * sign-in, so guessing it from an open session locks the account as guessing at the sign-in form does.
 */
@Controller
class VendorPasswordPage {

    private static final Logger log = LoggerFactory.getLogger(VendorPasswordPage.class);

    /** The same rule as customers' (subscribe.account.SignUp). */
    static final int MIN_PASSWORD = 10;
    static final int MAX_PASSWORD_BYTES = 72;

    private final VendorUserAccounts accounts;
    private final VendorUsers users;
    private final VendorSignIns signIns;
    private final Clock clock;

    VendorPasswordPage(VendorUserAccounts accounts, VendorUsers users, VendorSignIns signIns, Clock clock) {
        this.accounts = accounts;
        this.users = users;
        this.signIns = signIns;
        this.clock = clock;
    }

    @GetMapping("/vendor/password")
    String form() {
        return "vendor-password";
    }

    @PostMapping("/vendor/password")
    ModelAndView change(@AuthenticationPrincipal VendorPrincipal user,
                        @RequestParam(defaultValue = "") String currentPassword,
                        @RequestParam(defaultValue = "") String newPassword) {
        if (users.byId(user.userId()).map(u -> u.isLockedAt(clock.instant())).orElse(true)) {
            return refused(List.of("console.password.locked"));
        }
        List<String> refusals = new ArrayList<>(rule(newPassword));
        if (refusals.isEmpty() && newPassword.equals(currentPassword)) {
            refusals.add("console.password.same");
        }
        if (!refusals.isEmpty()) {
            return refused(refusals);
        }
        if (!accounts.changePassword(user.userId(), currentPassword, newPassword)) {
            signIns.failed(user.getUsername());
            log.info("Vendor {} user {}: password not changed, wrong current password", user.vendorId(),
                    user.userId());
            return refused(List.of("console.password.current-wrong"));
        }
        signIns.succeeded(user);
        log.info("Vendor {} user {} changed their password", user.vendorId(), user.userId());
        RedirectView view = new RedirectView("/vendor/password?changed", true);
        view.setStatusCode(HttpStatus.SEE_OTHER);
        view.setExposeModelAttributes(false);
        return new ModelAndView(view);
    }

    static List<String> rule(String password) {
        if (password.codePointCount(0, password.length()) < MIN_PASSWORD) {
            return List.of("console.password.short");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            return List.of("console.password.long");
        }
        return List.of();
    }

    private static ModelAndView refused(List<String> refusals) {
        ModelAndView page = new ModelAndView("vendor-password");
        page.addObject("refusals", refusals);
        page.setStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        return page;
    }
}
