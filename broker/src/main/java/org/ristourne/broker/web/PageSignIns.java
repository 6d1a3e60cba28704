package org.ristourne.broker.web;

import org.ristourne.broker.operator.accounts.OperatorSignIns;
import org.ristourne.broker.subscribe.account.CustomerPrincipal;
import org.ristourne.broker.subscribe.account.CustomerSignIns;
import org.ristourne.broker.vendor.users.VendorPrincipal;
import org.ristourne.broker.vendor.users.VendorSignIns;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * One sign-in form for everyone: customers, vendor users and operators (by their operator name in the email field; a
 * name has no '@', so it is never anyone's email). Each kind of account is asked in turn; an email belongs to one kind
 * only. Where each lands once signed in, and the
 * per-account throttle of failed attempts, are decided here too.
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class PageSignIns {

    static final String OPERATOR_ROLE = "ROLE_OPERATOR";
    static final java.util.List<String> HOMES = java.util.List.of("/account", "/vendor", "/operations");

    private final CustomerSignIns customers;
    private final VendorSignIns vendors;
    private final OperatorSignIns operators;
    private final AuthenticationManager manager;

    PageSignIns(CustomerSignIns customers, VendorSignIns vendors, OperatorSignIns operators) {
        this.customers = customers;
        this.vendors = vendors;
        this.operators = operators;
        this.manager = new ProviderManager(customers.provider(), vendors.provider(), operators.provider());
    }

    AuthenticationManager authenticationManager() {
        return manager;
    }

    void failed(String email) {
        customers.failed(email);
        vendors.failed(email);
        operators.failed(email);
    }

    void succeeded(Authentication authentication) {
        if (authentication.getPrincipal() instanceof CustomerPrincipal customer) {
            customers.succeeded(customer.customerId());
        } else if (authentication.getPrincipal() instanceof VendorPrincipal vendor) {
            vendors.succeeded(vendor);
        } else {
            operators.succeeded(authentication);
        }
    }

    /** Where someone lands after signing in, unless they were on their way to a page of theirs. */
    static String home(Authentication authentication) {
        if (authentication.getPrincipal() instanceof VendorPrincipal) {
            return "/vendor";
        }
        boolean operator = authentication.getAuthorities().stream()
                .anyMatch(authority -> OPERATOR_ROLE.equals(authority.getAuthority()));
        return operator ? "/operations" : "/account";
    }
}
