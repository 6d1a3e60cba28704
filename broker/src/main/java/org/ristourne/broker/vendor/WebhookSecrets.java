package org.ristourne.broker.vendor;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.secrets.SecretCipher;
import org.ristourne.broker.support.EpochMicros;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Vendors' webhook signing secrets. They live in their own table, never in an event: the event store keeps
 * everything forever, and a secret must be forgettable once retired. A secret is shown to the operator once, when it
 * is issued. The column holds each secret encrypted ({@link SecretCipher}, the row's id as associated data), and a
 * secret whose overlap has ended is deleted by {@link WebhookSecretPurgeSchedule}.
 */
@Component
public class WebhookSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final SecretCipher cipher;

    public WebhookSecrets(JdbcTemplate jdbc, Clock clock, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.cipher = cipher;
    }

    public record IssuedSecret(String secretId, String secret) {

        @Override
        public String toString() {
            return "IssuedSecret[" + secretId + "]";
        }
    }

    /** A new Standard Webhooks secret: {@code whsec_} and 32 random bytes in base64. */
    public IssuedSecret issue(VendorId vendorId) {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        IssuedSecret issued = new IssuedSecret("whs-" + UUID.randomUUID(),
                "whsec_" + Base64.getEncoder().encodeToString(key));
        jdbc.update("insert into vendor_webhook_secret (secret_id, vendor_id, secret, created_at_us) values (?, ?, ?, ?)",
                issued.secretId(), vendorId.value(), cipher.encrypt(issued.secret(), issued.secretId()),
                EpochMicros.of(clock.instant()));
        return issued;
    }

    /** The secret keeps verifying until {@code validUntil}, then never again. */
    public void retire(String secretId, Instant validUntil) {
        jdbc.update("update vendor_webhook_secret set valid_until_us = ? where secret_id = ?", EpochMicros.of(validUntil),
                secretId);
    }

    /**
     * Every secret that verifies now (the current one, and during a rotation's overlap the previous one), or nothing
     * when there is no such vendor: the webhook's first two look-ups, whether the vendor exists and its secrets, in one
     * round trip.
     */
    public Optional<List<String>> validSecretsOfVendor(VendorId vendorId) {
        List<String> secrets = new ArrayList<>();
        boolean[] known = {false};
        jdbc.query("""
                select s.secret_id, s.secret from directory_vendor v
                left join vendor_webhook_secret s on s.vendor_id = v.vendor_id
                    and (s.valid_until_us is null or s.valid_until_us > ?)
                where v.vendor_id = ?
                order by s.created_at_us desc
                """, rs -> {
            known[0] = true;
            String secretId = rs.getString(1);
            if (secretId != null) {
                secrets.add(cipher.decrypt(rs.getString(2), secretId));
            }
        }, EpochMicros.of(clock.instant()), vendorId.value());
        return known[0] ? Optional.of(secrets) : Optional.empty();
    }

    /**
     * Deletes every secret whose overlap has ended: it no longer verifies anything, and a secret kept is a secret
     * that can leak.
     *
     * @return how many were deleted
     */
    public int purgeRetired() {
        return jdbc.update("delete from vendor_webhook_secret where valid_until_us <= ?", EpochMicros.of(clock.instant()));
    }

    /** Rewrites every stored secret not yet under the cipher's current key; see {@link #rewriteUnderCurrentKey}. */
    public int rewriteUnderCurrentKey() {
        return rewriteUnderCurrentKey(jdbc, cipher);
    }

    /**
     * Rewrites every stored secret that is in plain text (written before V20) or under an older key, under the current
     * key. Each row is replaced only if it still holds the value read, so nodes doing this at once write each row
     * once, and a row rotated meanwhile is left alone.
     *
     * @return how many rows were rewritten
     */
    static int rewriteUnderCurrentKey(JdbcTemplate jdbc, SecretCipher cipher) {
        record Row(String secretId, String stored) {
        }
        List<Row> stale = jdbc.query("select secret_id, secret from vendor_webhook_secret",
                (rs, n) -> new Row(rs.getString(1), rs.getString(2))).stream()
                .filter(row -> !cipher.isCurrent(row.stored())).toList();
        int rewritten = 0;
        for (Row row : stale) {
            String secret = SecretCipher.isEncrypted(row.stored()) ? cipher.decrypt(row.stored(), row.secretId())
                    : row.stored();
            rewritten += jdbc.update("update vendor_webhook_secret set secret = ? where secret_id = ? and secret = ?",
                    cipher.encrypt(secret, row.secretId()), row.secretId(), row.stored());
        }
        return rewritten;
    }
}
