package org.ristourne.broker.web;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.subscribe.account.CustomerPrincipal;
import org.ristourne.broker.vendor.users.VendorPrincipal;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What the layout needs on every page: who is signed in (customer, vendor user or operator), and the page's own path for the language links. */
@ControllerAdvice(annotations = Controller.class)
class PageModel {

    @ModelAttribute("currentCustomer")
    @Nullable CustomerPrincipal currentCustomer() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof CustomerPrincipal customer
                ? customer : null;
    }

    @ModelAttribute("currentVendor")
    @Nullable VendorPrincipal currentVendor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof VendorPrincipal vendor
                ? vendor : null;
    }

    @ModelAttribute("currentOperator")
    boolean currentOperator() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.isAuthenticated() && authentication.getAuthorities().stream()
                .anyMatch(authority -> PageSignIns.OPERATOR_ROLE.equals(authority.getAuthority()));
    }

    @ModelAttribute("currentPath")
    String currentPath(HttpServletRequest request) {
        return request.getServletPath().isEmpty() ? "/" : request.getServletPath();
    }
}
