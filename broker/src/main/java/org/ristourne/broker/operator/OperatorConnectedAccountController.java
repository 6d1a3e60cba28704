package org.ristourne.broker.operator;

import static org.ristourne.broker.operator.OperatorRequests.required;

import java.security.Principal;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.payback.ConnectedAccountId;
import org.ristourne.broker.payback.ConnectedAccounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The customer's Stripe Connect account, where their rebates go as cash when Connect payouts are switched on
 * ({@code ristourne.stripe.connect-payouts}). The operator sets it once the customer has an account on the platform;
 * onboarding customers to Connect is not part of Ristourne. Payouts already in flight keep the way they chose.
 */
@RestController
class OperatorConnectedAccountController {

    private static final Logger log = LoggerFactory.getLogger(OperatorConnectedAccountController.class);

    private final ConnectedAccounts accounts;

    OperatorConnectedAccountController(ConnectedAccounts accounts) {
        this.accounts = accounts;
    }

    record ConnectedAccountRequest(@Nullable String connectedAccountId) {
    }

    record ConnectedAccountView(String customerId, String connectedAccountId) {
    }

    @PutMapping("/operator/customers/{customerId}/connected-account")
    ConnectedAccountView set(@PathVariable String customerId, @RequestBody ConnectedAccountRequest request,
                             Principal operator) {
        CustomerId customer = new CustomerId(customerId);
        ConnectedAccountId account = new ConnectedAccountId(
                required(request.connectedAccountId(), "connectedAccountId"));
        if (!accounts.setConnectedAccount(customer.value(), account)) {
            throw notKnownToStripe(customer);
        }
        log.info("Operator {} set the Stripe connected account of customer {} to {}", operator.getName(), customer,
                account);
        return new ConnectedAccountView(customer.value(), account.value());
    }

    @DeleteMapping("/operator/customers/{customerId}/connected-account")
    ResponseEntity<Void> remove(@PathVariable String customerId, Principal operator) {
        CustomerId customer = new CustomerId(customerId);
        if (!accounts.setConnectedAccount(customer.value(), null)) {
            throw notKnownToStripe(customer);
        }
        log.info("Operator {} removed the Stripe connected account of customer {}: paid by credit from now on",
                operator.getName(), customer);
        return ResponseEntity.noContent().build();
    }

    private static OperatorNotFound notKnownToStripe(CustomerId customer) {
        return new OperatorNotFound("customer " + customer + " is not known to Stripe yet (no completed checkout)");
    }
}
