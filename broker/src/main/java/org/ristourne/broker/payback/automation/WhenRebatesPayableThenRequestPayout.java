package org.ristourne.broker.payback.automation;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.ristourne.broker.api.share.PayableRebateChanged;
import org.ristourne.broker.api.share.RequestPayoutOfPayable;
import org.ristourne.broker.payback.BillingCustomer;
import org.ristourne.broker.payback.BillingCustomers;
import org.ristourne.broker.payback.PaybackProperties;
import org.ristourne.ledger.money.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * When a sale's rebate becomes payable (or a refund takes some back), asks the customer's payout book to reserve a
 * payout of all that is payable in the currency of the customer's subscription, if that reaches the configured
 * minimum. The book computes the amount when it reserves: it alone knows the balance net of payouts in flight.
 *
 * <p>Rebates in other currencies are held: never converted, never paid out here. A customer Stripe does not know yet
 * (no {@code billing_customer} row) gets nothing; that is logged at INFO once per customer and node. A payout given up
 * or failed makes its rebate payable again without a new payout: the next rebate made payable pays it with the rest.
 *
 * <p>The payout id derives from the posting that triggered the request, so a redelivered event asks for the same
 * payout, which the book answers with nothing new.
 */
@Component
@ProcessingGroup(WhenRebatesPayableThenRequestPayout.GROUP)
public class WhenRebatesPayableThenRequestPayout {

    public static final String GROUP = "payback";

    private static final Logger log = LoggerFactory.getLogger(WhenRebatesPayableThenRequestPayout.class);

    private final CommandGateway commands;
    private final BillingCustomers customers;
    private final PaybackProperties properties;
    private final Set<String> toldUnknown = ConcurrentHashMap.newKeySet();

    public WhenRebatesPayableThenRequestPayout(CommandGateway commands, BillingCustomers customers,
                                               PaybackProperties properties) {
        this.commands = commands;
        this.customers = customers;
        this.properties = properties;
    }

    @EventHandler
    void on(PayableRebateChanged event) {
        Optional<BillingCustomer> customer = customers.find(event.customerId());
        if (customer.isEmpty()) {
            if (toldUnknown.add(event.customerId())) {
                log.info("Customer {} has rebates payable but no Stripe customer yet: nothing is paid out to them"
                        + " until they subscribe through Stripe", event.customerId());
            }
            return;
        }
        if (!event.change().currency().equals(customer.get().currency())) {
            log.debug("Customer {}: {} held, not in their subscription's currency {}", event.customerId(),
                    event.change(), customer.get().currency());
            return;
        }
        Optional<Money> minimum = properties.minimumIn(customer.get().currency());
        if (minimum.isEmpty()) {
            if (toldUnknown.add(event.customerId() + "/" + customer.get().currency())) {
                log.info("Customer {}: no minimum payout configured in {} (ristourne.payback.minimum-payout), so their"
                        + " rebates are held", event.customerId(), customer.get().currency());
            }
            return;
        }
        commands.sendAndWait(new RequestPayoutOfPayable(event.bookId(), event.customerId(),
                payoutIdFor(event), minimum.get()));
    }

    static String payoutIdFor(PayableRebateChanged event) {
        return "po_" + UUID.nameUUIDFromBytes((event.bookId() + "\n" + event.postingId().value())
                .getBytes(StandardCharsets.UTF_8));
    }
}
