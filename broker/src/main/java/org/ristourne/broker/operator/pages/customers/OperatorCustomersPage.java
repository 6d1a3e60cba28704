package org.ristourne.broker.operator.pages.customers;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The newest customers, or those whose email starts with what support typed: enough to find a customer who wrote in
 * and see whether they are subscribed, never what they bought.
 */
@Controller
class OperatorCustomersPage {

    /** A page, not an export: support searches by email rather than scrolling. */
    static final int LIMIT = 200;

    /** The account page's states (see.account.AccountPage.SubscriptionState), in the same words. */
    enum SubscriptionStatus {
        SUBSCRIBED, CONFIRMING, NOT_SUBSCRIBED, ENDED
    }

    record CustomerView(String customerId, String email, String displayName, Instant registeredAt,
                        SubscriptionStatus status, @Nullable Instant statusDate, int openRelationships) {

        public String statusKey() {
            return "ops.customers.status." + status.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private final OperatorCustomerReads reads;
    private final Clock clock;

    OperatorCustomersPage(OperatorCustomerReads reads, Clock clock) {
        this.reads = reads;
        this.clock = clock;
    }

    @GetMapping("/operations/customers")
    String customers(@RequestParam(defaultValue = "") String email, Model model) {
        String prefix = email.length() > 254 ? email.substring(0, 254) : email;
        List<OperatorCustomerReads.CustomerRow> rows = reads.newest(prefix, LIMIT + 1, clock.instant());
        model.addAttribute("customers", rows.stream().limit(LIMIT).map(OperatorCustomersPage::view).toList());
        model.addAttribute("more", rows.size() > LIMIT);
        model.addAttribute("email", prefix.strip());
        model.addAttribute("limit", LIMIT);
        return "operations-customers";
    }

    static CustomerView view(OperatorCustomerReads.CustomerRow row) {
        SubscriptionStatus status;
        Instant date = null;
        if (row.coveredNow()) {
            status = SubscriptionStatus.SUBSCRIBED;
            date = row.lastUntil();
        } else if (row.stripeLive()) {
            // Checked out with Stripe, first invoice not yet through: as the account page, "being confirmed".
            status = SubscriptionStatus.CONFIRMING;
        } else if (row.lastUntil() != null) {
            status = SubscriptionStatus.ENDED;
            date = row.lastUntil();
        } else {
            status = SubscriptionStatus.NOT_SUBSCRIBED;
        }
        return new CustomerView(row.customerId(), row.email(), row.displayName(), row.registeredAt(), status, date,
                row.openRelationships());
    }
}
