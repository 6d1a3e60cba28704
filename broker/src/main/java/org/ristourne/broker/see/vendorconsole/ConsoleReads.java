package org.ristourne.broker.see.vendorconsole;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.support.EpochMicros;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * What the console reads besides the directory, one vendor at a time and never written here: the intake's record of
 * accepted deliveries, and the dates of the vendor's signing secrets (never the secrets themselves).
 */
@Repository
class ConsoleReads {

    /** When the secret that signs now was issued, and until when each previous one still verifies. */
    record Secrets(@Nullable Instant currentIssuedAt, List<Instant> previousValidUntil) {
    }

    private final JdbcTemplate jdbc;

    ConsoleReads(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<String> vendorName(VendorId vendor) {
        return jdbc.queryForList("select display_name from directory_vendor where vendor_id = ?", String.class,
                vendor.value()).stream().findFirst();
    }

    /** The last delivery the intake recorded (a 202 or a repeat's 200 is not a second row). */
    Optional<Instant> lastRecorded(VendorId vendor) {
        Long micros = jdbc.queryForObject("select max(received_at_us) from webhook_delivery where vendor_id = ?",
                Long.class, vendor.value());
        return Optional.ofNullable(micros).map(EpochMicros::toInstant);
    }

    long recordedSince(VendorId vendor, Instant since) {
        Long count = jdbc.queryForObject(
                "select count(*) from webhook_delivery where vendor_id = ? and received_at_us >= ?", Long.class,
                vendor.value(), EpochMicros.of(since));
        return count == null ? 0 : count;
    }

    /** Only dates are selected: the console never reads a secret back, it shows one once, when issued. */
    Secrets secrets(VendorId vendor, Instant now) {
        Instant[] current = {null};
        List<Instant> previous = new ArrayList<>();
        jdbc.query("""
                select created_at_us, valid_until_us from vendor_webhook_secret
                where vendor_id = ? and (valid_until_us is null or valid_until_us > ?)
                order by created_at_us desc""", rs -> {
            long validUntil = rs.getLong(2);
            if (rs.wasNull()) {
                if (current[0] == null) {
                    current[0] = EpochMicros.toInstant(rs.getLong(1));
                }
            } else {
                previous.add(EpochMicros.toInstant(validUntil));
            }
        }, vendor.value(), EpochMicros.of(now));
        previous.sort(null);
        return new Secrets(current[0], previous);
    }
}
