package org.ristourne.broker.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The demo's stand-in for Stripe credits takes precedence over billing's Stripe adapter, so it must exist only in demo
 * mode without a Stripe key: never in front of a real Stripe account, never outside the demo.
 */
class DemoCustomerCreditsConditionTest {

    @ParameterizedTest(name = "demo={0}, stripe key=''{1}'' -> stand-in {2}")
    @CsvSource({
            "true,  '',          true",
            "true,  '   ',       true",
            "true,  sk_test_123, false",
            "false, '',          false",
            "false, sk_test_123, false"})
    void theStandInExistsOnlyInDemoModeWithoutAStripeKey(boolean demo, String stripeKey, boolean expected) {
        new ApplicationContextRunner()
                .withPropertyValues("ristourne.demo.enabled=" + demo, "ristourne.stripe.secret-key=" + stripeKey)
                .withBean(Clock.class, Clock::systemUTC)
                .withUserConfiguration(DemoCustomerCredits.class)
                .run(context -> assertThat(context.getBeansOfType(DemoCustomerCredits.class))
                        .hasSize(expected ? 1 : 0));
    }

    @Test
    void theStandInIsAbsentByDefault() {
        new ApplicationContextRunner()
                .withBean(Clock.class, Clock::systemUTC)
                .withUserConfiguration(DemoCustomerCredits.class)
                .run(context -> assertThat(context.getBeansOfType(DemoCustomerCredits.class)).isEmpty());
    }
}
