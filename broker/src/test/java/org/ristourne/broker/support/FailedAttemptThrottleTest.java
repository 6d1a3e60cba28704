package org.ristourne.broker.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailedAttemptThrottleTest {

    private static final String FLOOD = "203.0.113.7";
    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);

    private FailedAttemptThrottle throttle(int burst, int perMinute, int maxSources) {
        return new FailedAttemptThrottle(burst, perMinute, maxSources, nanos::get);
    }

    private void advanceMillis(long millis) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @ParameterizedTest(name = "burst {0}, {1} a minute: Retry-After {2} s")
    @CsvSource({"20, 60, 1", "5, 6, 10", "1, 7, 9", "1, 7000, 1", "3, 1, 60", "50, 600, 1"})
    void aSourceMayFailItsBurstThenWaitsForItsNextFailure(int burst, int perMinute, long retryAfter) {
        FailedAttemptThrottle throttle = throttle(burst, perMinute, 100);
        for (int i = 0; i < burst; i++) {
            assertThat(throttle.secondsToWait(FLOOD)).as("before failure " + (i + 1)).isZero();
            throttle.failed(FLOOD);
        }
        assertThat(throttle.secondsToWait(FLOOD)).isEqualTo(retryAfter);

        long millisPerFailure = 60_000 / perMinute;
        advanceMillis(millisPerFailure - 1);
        assertThat(throttle.secondsToWait(FLOOD)).as("a millisecond early").isPositive();
        advanceMillis(2);
        assertThat(throttle.secondsToWait(FLOOD)).as("on time").isZero();
        throttle.failed(FLOOD);
        assertThat(throttle.secondsToWait(FLOOD)).as("one failure earned, one spent").isEqualTo(retryAfter);
    }

    @Test
    void requestsThatDoNotFailTakeNothingAndOtherSourcesAreNotSlowed() {
        FailedAttemptThrottle throttle = throttle(3, 60, 100);
        for (int i = 0; i < 1_000; i++) {
            assertThat(throttle.secondsToWait("198.51.100.1")).isZero();
        }
        assertThat(throttle.sources()).as("a source that never failed is not remembered").isZero();
        for (int i = 0; i < 1_000; i++) {
            throttle.failed(FLOOD);
        }
        assertThat(throttle.secondsToWait(FLOOD)).isPositive();
        assertThat(throttle.secondsToWait("198.51.100.1")).isZero();
        assertThat(throttle.secondsToWait("2001:db8:1:2::5")).isZero();
    }

    @Test
    void aFloodOfFailuresEarnsNoCreditTheSourceMustWaitOnlyForItsRate() {
        FailedAttemptThrottle throttle = throttle(20, 60, 100);
        for (int i = 0; i < 10_000; i++) {
            throttle.failed(FLOOD);
        }
        assertThat(throttle.secondsToWait(FLOOD)).isEqualTo(1);
        advanceMillis(1_000);
        assertThat(throttle.secondsToWait(FLOOD)).as("the debt does not grow past an empty bucket").isZero();
    }

    @Test
    void aSourceThatKeepsFailingIsOneEpisodeUntilItsBucketIsFullAgain() {
        FailedAttemptThrottle throttle = throttle(5, 60, 100);
        for (int i = 0; i < 5; i++) {
            throttle.failed(FLOOD);
        }
        assertThat(throttle.episodes()).isEqualTo(1);
        for (int second = 0; second < 30; second++) {
            advanceMillis(1_000);
            assertThat(throttle.secondsToWait(FLOOD)).as("a failure earned back").isZero();
            throttle.failed(FLOOD);
            assertThat(throttle.secondsToWait(FLOOD)).as("and spent").isEqualTo(1);
        }
        assertThat(throttle.episodes()).as("one throttling, so one log line, for the whole flood").isEqualTo(1);

        advanceMillis(5_000);
        assertThat(throttle.secondsToWait(FLOOD)).isZero();
        assertThat(throttle.sources()).as("forgiven").isZero();
        for (int i = 0; i < 5; i++) {
            throttle.failed(FLOOD);
        }
        assertThat(throttle.episodes()).as("a new flood, a new episode").isEqualTo(2);
    }

    @Test
    void aSourceIdleLongEnoughIsForgotten() {
        FailedAttemptThrottle throttle = throttle(20, 60, 100);
        throttle.failed(FLOOD);
        assertThat(throttle.sources()).isEqualTo(1);
        advanceMillis(1_000);
        assertThat(throttle.secondsToWait(FLOOD)).isZero();
        assertThat(throttle.sources()).as("a full bucket is forgotten").isZero();
    }

    @Test
    void aFloodFromManySourcesKeepsAtMostMaxSourcesAndTheMostRecentStayThrottled() {
        int maxSources = 1_000;
        FailedAttemptThrottle throttle = throttle(2, 60, maxSources);
        int flooders = 50_000;
        for (int i = 0; i < flooders; i++) {
            String source = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
            throttle.failed(source);
            throttle.failed(source);
            assertThat(throttle.sources()).isLessThanOrEqualTo(maxSources);
        }
        assertThat(throttle.sources()).isEqualTo(maxSources);
        String latest = "10." + ((flooders - 1) >> 16 & 255) + "." + ((flooders - 1) >> 8 & 255) + "."
                + ((flooders - 1) & 255);
        assertThat(throttle.secondsToWait(latest)).as("the most recent flooder").isEqualTo(1);
        assertThat(throttle.secondsToWait("10.0.0.0")).as("the first, forgotten").isZero();
    }

    @ParameterizedTest(name = "{0} counts as {1}")
    @CsvSource({
            "192.0.2.1, 192.0.2.1",
            "' 192.0.2.1 ', 192.0.2.1",
            "2001:db8:a:b::1, 2001:db8:a:b::/64",
            "2001:0DB8:000A:000B:ffff:ffff:ffff:ffff, 2001:db8:a:b::/64",
            "[2001:db8:a:b::42], 2001:db8:a:b::/64",
            "fe80::1%eth0, fe80:0:0:0::/64",
            "0:0:0:0:0:0:0:1, 0:0:0:0::/64",
            "::1, 0:0:0:0::/64",
            "2001:db8::, 2001:db8:0:0::/64",
            "::ffff:192.0.2.1, 192.0.2.1",
            "64:ff9b::192.0.2.1, 64:ff9b:0:0::/64",
            "not-an-address, not-an-address",
            "1:2:3:4:5:6:7:8:9, 1:2:3:4:5:6:7:8:9",
            "1::2::3, 1::2::3"})
    void sourcesAreIpv4AddressesAndIpv6Slash64s(String address, String source) {
        assertThat(FailedAttemptThrottle.source(address)).isEqualTo(source);
    }

    @Test
    void addressesOfOneIpv6Slash64ShareOneBudget() {
        FailedAttemptThrottle throttle = throttle(3, 60, 100);
        throttle.failed("2001:db8:a:b::1");
        throttle.failed("2001:db8:a:b::2");
        throttle.failed("2001:db8:a:b:ffff::3");
        assertThat(throttle.secondsToWait("2001:db8:a:b::99")).isEqualTo(1);
        assertThat(throttle.secondsToWait("2001:db8:a:c::1")).as("the next /64").isZero();
    }

    @Test
    void whatAProxyForwardsIsCutToTheLengthOfAnAddress() {
        assertThat(FailedAttemptThrottle.source("x".repeat(10_000))).hasSize(64);
    }

    @ParameterizedTest
    @CsvSource({"0, 60, 100", "20, 0, 100", "20, 60, 0"})
    void settingsBelowOneAreRefused(int burst, int perMinute, int maxSources) {
        assertThatThrownBy(() -> throttle(burst, perMinute, maxSources))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
