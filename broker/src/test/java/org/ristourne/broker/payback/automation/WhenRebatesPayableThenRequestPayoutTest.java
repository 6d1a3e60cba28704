package org.ristourne.broker.payback.automation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.Mockito;
import org.ristourne.broker.api.share.PayableRebateChanged;
import org.ristourne.broker.api.share.RequestPayoutOfPayable;
import org.ristourne.broker.payback.BillingCustomer;
import org.ristourne.broker.payback.PaybackProperties;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.posting.PostingId;

/**
 * A rebate made payable asks the customer's book for a payout in the subscription's currency, with the configured
 * minimum and an id derived from the posting that triggered it; other currencies, currencies without a minimum and
 * customers Stripe does not know ask nothing.
 */
class WhenRebatesPayableThenRequestPayoutTest {

    private static final String BOOK = "payouts:cus-1";
    private final List<Object> sent = new ArrayList<>();
    private final Map<String, BillingCustomer> known = new java.util.HashMap<>();
    private WhenRebatesPayableThenRequestPayout policy;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void setUp() {
        CommandBus bus = Mockito.mock(CommandBus.class);
        Mockito.doAnswer(invocation -> {
            CommandMessage<?> command = invocation.getArgument(0);
            sent.add(command.getPayload());
            invocation.<org.axonframework.commandhandling.CommandCallback<Object, Object>>getArgument(1)
                    .onResult((CommandMessage<Object>) command, GenericCommandResultMessage.asCommandResultMessage(null));
            return null;
        }).when(bus).dispatch(Mockito.any(), Mockito.any());
        policy = new WhenRebatesPayableThenRequestPayout(DefaultCommandGateway.builder().commandBus(bus).build(),
                customerId -> Optional.ofNullable(known.get(customerId)),
                new PaybackProperties(Map.of("EUR", new BigDecimal("5.00"), "JPY", new BigDecimal("700")),
                        Duration.ofMinutes(1), Duration.ofHours(1), 8, Duration.ofDays(30)));
    }

    private static PayableRebateChanged funded(String sale, Money change) {
        return new PayableRebateChanged(BOOK, "cus-1", sale, PostingId.of("sale", sale, "funded"), change);
    }

    private void subscribedIn(String currency) {
        known.put("cus-1", new BillingCustomer("cus-1", "cus_Stripe1", Currency.getInstance(currency)));
    }

    @Test
    void aRebatePayableInTheSubscriptionsCurrencyAsksForAPayoutWithTheMinimum() {
        subscribedIn("EUR");
        PayableRebateChanged event = funded("acme/a", Money.of(630, "EUR"));
        policy.on(event);
        policy.on(event);
        String payoutId = WhenRebatesPayableThenRequestPayout.payoutIdFor(event);
        assertThat(sent).as("a redelivered event asks for the same payout").containsExactly(
                new RequestPayoutOfPayable(BOOK, "cus-1", payoutId, Money.of(500, "EUR")),
                new RequestPayoutOfPayable(BOOK, "cus-1", payoutId, Money.of(500, "EUR")));
    }

    @Test
    void theMinimumIsExactInACurrencyWithoutMinorUnits() {
        subscribedIn("JPY");
        policy.on(funded("acme/a", Money.of(900, "JPY")));
        assertThat(sent).extracting(command -> ((RequestPayoutOfPayable) command).minimum())
                .containsExactly(Money.of(700, "JPY"));
    }

    @Test
    void eachPostingAsksUnderAPayoutIdOfItsOwn() {
        assertThat(WhenRebatesPayableThenRequestPayout.payoutIdFor(funded("acme/a", Money.of(630, "EUR"))))
                .isNotEqualTo(WhenRebatesPayableThenRequestPayout.payoutIdFor(funded("acme/b", Money.of(630, "EUR"))));
    }

    static Stream<Arguments> held() {
        return Stream.of(
                Arguments.of("a customer Stripe does not know", null, Money.of(630, "EUR")),
                Arguments.of("a rebate in another currency than the subscription's", "EUR", Money.of(630, "USD")),
                Arguments.of("a subscription in a currency without a minimum payout", "USD", Money.of(630, "USD")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("held")
    void aHeldRebateAsksForNothing(String why, String subscription, Money change) {
        if (subscription != null) {
            subscribedIn(subscription);
        }
        policy.on(funded("acme/a", change));
        assertThat(sent).isEmpty();
    }
}
