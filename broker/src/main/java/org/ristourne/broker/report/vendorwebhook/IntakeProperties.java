package org.ristourne.broker.report.vendorwebhook;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxBodyBytes     largest report accepted; larger bodies get 413 before their signature is even checked
 * @param ratePerSecond    sustained reports per second per vendor on one node before 429
 * @param burst            reports a vendor may send at once above the sustained rate
 * @param retryAfterSeconds what 429 and 503 answers tell the vendor to wait
 * @param failedAttempts   requests to either webhook refused before their signature passed, per source
 * @param groupCommit      how verified reports are written: several requests' reports in one transaction
 */
@ConfigurationProperties("ristourne.intake")
public record IntakeProperties(
        @DefaultValue("65536") int maxBodyBytes,
        @DefaultValue("200") int ratePerSecond,
        @DefaultValue("400") int burst,
        @DefaultValue("5") int retryAfterSeconds,
        @DefaultValue FailedAttempts failedAttempts,
        @DefaultValue GroupCommit groupCommit) {

    /**
     * Reports of concurrent requests recorded together, each request answered after its group's commit
     * (docs/performance.md).
     *
     * @param writers  threads writing groups at once, each with its own transaction and database connection
     * @param maxGroup reports in one transaction at most
     */
    public record GroupCommit(
            @DefaultValue("4") int writers,
            @DefaultValue("64") int maxGroup) {

        public GroupCommit {
            if (writers < 1 || maxGroup < 1) {
                throw new IllegalArgumentException("ristourne.intake.group-commit needs at least one writer and a "
                        + "group of at least one report, not " + writers + " and " + maxGroup);
            }
        }
    }

    /**
     * The throttle of failed attempts per source (client address, or IPv6 /64) on one node, checked before anything
     * else: past it a source's requests get 429 without a look-up. Generous enough that a vendor fixing its signing
     * code is not held up for long, tight enough that a flood from one source costs one query a second.
     *
     * @param burst      failures a source may have at once
     * @param perMinute  failures a source may have per minute after its burst
     * @param maxSources sources remembered at most (about 200 bytes each); past that, the least recent are forgotten
     */
    public record FailedAttempts(
            @DefaultValue("20") int burst,
            @DefaultValue("60") int perMinute,
            @DefaultValue("10000") int maxSources) {
    }
}
