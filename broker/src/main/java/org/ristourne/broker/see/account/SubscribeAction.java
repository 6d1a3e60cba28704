package org.ristourne.broker.see.account;

import java.net.URI;
import java.time.Clock;
import java.util.UUID;
import org.ristourne.billing.api.BillingUnavailable;
import org.ristourne.billing.api.CheckoutReceipt;
import org.ristourne.billing.api.CheckoutRefused;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.subscribe.account.CustomerAccount;
import org.ristourne.broker.subscribe.account.CustomerAccounts;
import org.ristourne.broker.subscribe.account.CustomerPrincipal;
import org.ristourne.broker.subscribe.checkout.StartSubscriptionCheckout;
import org.ristourne.broker.subscribe.checkout.StripeNotConfigured;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The account page's subscribe button: starts a Stripe Checkout for the signed-in customer and sends the browser
 * there (303, so the browser follows with a GET). Stripe brings them back to the account page, which says the
 * subscription shows once Stripe confirms it. Each click is an attempt of its own: a checkout the customer abandoned
 * must not be handed back to them.
 */
@Controller
class SubscribeAction {

    private static final Logger log = LoggerFactory.getLogger(SubscribeAction.class);

    private final StartSubscriptionCheckout checkout;
    private final CustomerAccounts accounts;
    private final AccountReads reads;
    private final Clock clock;

    SubscribeAction(StartSubscriptionCheckout checkout, CustomerAccounts accounts, AccountReads reads, Clock clock) {
        this.checkout = checkout;
        this.accounts = accounts;
        this.reads = reads;
        this.clock = clock;
    }

    @PostMapping("/subscribe")
    ResponseEntity<Void> subscribe(@AuthenticationPrincipal CustomerPrincipal customer) {
        CustomerId id = customer.customerId();
        AccountPage.SubscriptionState state = AccountPage.subscription(reads, id, clock.instant()).state();
        if (state == AccountPage.SubscriptionState.SUBSCRIBED || state == AccountPage.SubscriptionState.CONFIRMING) {
            // A second click, or a form left open: a second subscription would charge them twice.
            return seeOther(account(""));
        }
        String email = accounts.byCustomer(id).map(CustomerAccount::email).orElse(null);
        try {
            CheckoutReceipt receipt = checkout.start(new StartSubscriptionCheckout.Request(id, email,
                    account("?subscribed").toString(), account("").toString(), UUID.randomUUID().toString()));
            return seeOther(receipt.url());
        } catch (StripeNotConfigured notConfigured) {
            log.warn("Customer {} asked to subscribe: {}", id, notConfigured.getMessage());
            return seeOther(account("?stripe-not-configured"));
        } catch (BillingUnavailable | CheckoutRefused failed) {
            log.warn("Checkout for customer {} not started: {}", id, failed.toString());
            return seeOther(account("?stripe-unavailable"));
        }
    }

    private static URI account(String query) {
        return URI.create(ServletUriComponentsBuilder.fromCurrentContextPath().path("/account").toUriString() + query);
    }

    private static ResponseEntity<Void> seeOther(URI location) {
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(location).build();
    }
}
