package org.ristourne.broker.see.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.time.Clock;
import org.ristourne.broker.api.RuleViolation;
import org.ristourne.broker.privacy.CustomerErasure;
import org.ristourne.broker.subscribe.account.CustomerAccounts;
import org.ristourne.broker.subscribe.account.CustomerPrincipal;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The account page's "Erase my account": the customer confirms by typing their e-mail address (a mistyped one
 * erases nothing and says so), then the account is erased and they are signed out, here and on every other device.
 */
@Controller
record EraseAccountAction(CustomerErasure erasure, Clock clock) {

    @PostMapping("/account/erase")
    ResponseEntity<Void> erase(@AuthenticationPrincipal CustomerPrincipal customer,
                               @RequestParam(name = "email", defaultValue = "") String confirmation,
                               Authentication authentication, HttpServletRequest request,
                               HttpServletResponse response) {
        if (!CustomerAccounts.normalizedEmail(confirmation).equals(customer.getUsername())) {
            return seeOther("/account?erase-unconfirmed#erase");
        }
        try {
            erasure.erase(customer.customerId(), clock.instant());
        } catch (RuleViolation stillBilled) {
            return seeOther("/account?erase-subscribed#erase");
        }
        new SecurityContextLogoutHandler().logout(request, response, authentication);
        return seeOther("/?erased");
    }

    private static ResponseEntity<Void> seeOther(String path) {
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(
                ServletUriComponentsBuilder.fromCurrentContextPath().path("").toUriString() + path)).build();
    }
}
