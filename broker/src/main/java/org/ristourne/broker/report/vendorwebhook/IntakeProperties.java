package org.ristourne.broker.report.vendorwebhook;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxBodyBytes     largest report accepted; larger bodies get 413 before their signature is even checked
 * @param ratePerSecond    sustained reports per second per vendor on one node before 429
 * @param burst            reports a vendor may send at once above the sustained rate
 * @param retryAfterSeconds what 429 and 503 answers tell the vendor to wait
 */
@ConfigurationProperties("ristourne.intake")
public record IntakeProperties(
        @DefaultValue("65536") int maxBodyBytes,
        @DefaultValue("200") int ratePerSecond,
        @DefaultValue("400") int burst,
        @DefaultValue("5") int retryAfterSeconds) {
}
