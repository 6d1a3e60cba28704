package org.ristourne.broker.report.vendorwebhook;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.ristourne.broker.api.VendorId;
import org.springframework.stereotype.Component;

/**
 * A token bucket per vendor and node: one vendor's burst cannot starve the others. Per node on purpose: it protects
 * this node's database connections, and N nodes allow N times the rate.
 */
@Component
class VendorRateLimiter {

    private final IntakeProperties properties;
    private final ConcurrentMap<VendorId, Bucket> buckets = new ConcurrentHashMap<>();

    VendorRateLimiter(IntakeProperties properties) {
        this.properties = properties;
    }

    boolean tryAcquire(VendorId vendorId) {
        return buckets.computeIfAbsent(vendorId, id -> new Bucket(properties.burst())).tryTake(
                properties.ratePerSecond(), properties.burst(), System.nanoTime());
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAt = System.nanoTime();

        Bucket(int burst) {
            tokens = burst;
        }

        synchronized boolean tryTake(int ratePerSecond, int burst, long now) {
            tokens = Math.min(burst, tokens + (now - refilledAt) * ratePerSecond / 1e9);
            refilledAt = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
