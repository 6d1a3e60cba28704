package org.ristourne.broker.subscribe.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.ristourne.support.MutableClock;

/** One address that keeps failing is refused for a while; other addresses are not affected. */
class SignInThrottleTest {

    private final MutableClock clock = new MutableClock();
    private final SignInThrottle throttle = new SignInThrottle(clock);

    @Test
    void anAddressIsRefusedAfterTooManyFailuresInTheWindowAndAllowedAgainAfterIt() {
        for (int i = 0; i < SignInThrottle.FAILURES_PER_WINDOW - 1; i++) {
            throttle.failed("203.0.113.7");
        }
        assertThat(throttle.allows("203.0.113.7")).isTrue();

        throttle.failed("203.0.113.7");

        assertThat(throttle.allows("203.0.113.7")).isFalse();
        assertThat(throttle.allows("198.51.100.1")).as("another address").isTrue();
        clock.advance(SignInThrottle.WINDOW.plus(Duration.ofSeconds(1)));
        assertThat(throttle.allows("203.0.113.7")).as("once the window has passed").isTrue();
    }

    @Test
    void failuresSpreadOverMoreThanTheWindowNeverAddUp() {
        Duration step = SignInThrottle.WINDOW.dividedBy(SignInThrottle.FAILURES_PER_WINDOW - 1);
        for (int i = 0; i < SignInThrottle.FAILURES_PER_WINDOW * 3; i++) {
            throttle.failed("203.0.113.7");
            clock.advance(step.plusSeconds(1));
        }
        assertThat(throttle.allows("203.0.113.7")).isTrue();
    }
}
