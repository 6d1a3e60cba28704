package org.ristourne.broker.subscribe.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Failed sign-ins per client address on this node, over a sliding window: past the limit, the address is refused
 * before any password is checked, which stops one client from trying many accounts (each account also locks itself,
 * on every node, after a few failures: {@link CustomerAccounts}). The map is bounded; the oldest addresses go first.
 */
@Component
public class SignInThrottle {

    static final int FAILURES_PER_WINDOW = 20;
    static final Duration WINDOW = Duration.ofMinutes(10);
    private static final int ADDRESSES_KEPT = 10_000;

    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > ADDRESSES_KEPT;
        }
    };

    SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    public synchronized boolean allows(String address) {
        Deque<Instant> recent = failures.get(address);
        if (recent == null) {
            return true;
        }
        forgetOld(recent);
        return recent.size() < FAILURES_PER_WINDOW;
    }

    public synchronized void failed(String address) {
        Deque<Instant> recent = failures.computeIfAbsent(address, key -> new ArrayDeque<>());
        forgetOld(recent);
        recent.addLast(clock.instant());
    }

    private void forgetOld(Deque<Instant> recent) {
        Instant since = clock.instant().minus(WINDOW);
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(since)) {
            recent.removeFirst();
        }
    }
}
