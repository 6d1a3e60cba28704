package org.ristourne.broker.privacy;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.secrets.SecretCipher;
import org.ristourne.broker.support.EpochMicros;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The customer_data_key table: one random AES-256 key per customer, stored encrypted under the broker's secrets key
 * (bound to its row), made on first need. Never cached: an erasure on any node must stop every node from reading.
 */
@Repository
public class CustomerDataKeys {

    private record Row(@Nullable String keyCiphertext, boolean erased) {
    }

    private final JdbcTemplate jdbc;
    private final SecretCipher cipher;

    CustomerDataKeys(JdbcTemplate jdbc, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /**
     * The key to seal the customer's data with, made now if they have none; empty once they are erased. Made in the
     * caller's transaction: of two first writers for one customer, the second fails on the primary key and its
     * transaction is retried as a lost race (the vendor intake does so), then finds the winner's key.
     */
    Optional<SecretKey> forWriting(CustomerId customer, Instant at) {
        Optional<Row> row = row(customer);
        if (row.isPresent()) {
            return key(customer, row.get());
        }
        SecretKey key = SealedText.newKey();
        jdbc.update("insert into customer_data_key (customer_id, key_ciphertext, created_at_us) values (?, ?, ?)",
                customer.value(), cipher.encrypt(Base64.getEncoder().encodeToString(key.getEncoded()),
                        rowId(customer)), EpochMicros.of(at));
        return Optional.of(key);
    }

    /** The customer's key; empty when they have none (nothing was ever sealed for them) or were erased. */
    Optional<SecretKey> forReading(CustomerId customer) {
        return row(customer).flatMap(row -> key(customer, row));
    }

    /**
     * Destroys the customer's key for good (and marks them erased, key or not, so nothing is sealed for them again).
     * Whatever was sealed under it can no longer be read by anyone.
     */
    public void erase(CustomerId customer, Instant at) {
        int updated = jdbc.update("update customer_data_key set key_ciphertext = null, erased_at_us = ?"
                + " where customer_id = ? and erased_at_us is null", EpochMicros.of(at), customer.value());
        if (updated == 0 && row(customer).isEmpty()) {
            jdbc.update("insert into customer_data_key (customer_id, key_ciphertext, created_at_us, erased_at_us)"
                    + " values (?, null, ?, ?)", customer.value(), EpochMicros.of(at), EpochMicros.of(at));
        }
    }

    /**
     * The second step of a rotation of the broker's secrets key (docs/secrets.md), as for webhook secrets: every key
     * still under an older secrets key is rewritten under the current one. A row is replaced only if it still holds
     * what was read, so nodes doing this at once write each row once, and an erasure meanwhile is never undone.
     *
     * @return how many keys were rewritten
     */
    int rewriteUnderCurrentKey() {
        record Stale(String customerId, String stored) {
        }
        List<Stale> stale = jdbc.query("select customer_id, key_ciphertext from customer_data_key"
                + " where key_ciphertext is not null", (rs, n) -> new Stale(rs.getString(1), rs.getString(2)))
                .stream().filter(row -> !cipher.isCurrent(row.stored())).toList();
        int rewritten = 0;
        for (Stale row : stale) {
            String rowId = rowId(new CustomerId(row.customerId()));
            rewritten += jdbc.update("update customer_data_key set key_ciphertext = ? where customer_id = ?"
                    + " and key_ciphertext = ?", cipher.encrypt(cipher.decrypt(row.stored(), rowId), rowId),
                    row.customerId(), row.stored());
        }
        return rewritten;
    }

    public boolean isErased(CustomerId customer) {
        return row(customer).map(Row::erased).orElse(false);
    }

    private Optional<Row> row(CustomerId customer) {
        List<Row> rows = jdbc.query("select key_ciphertext, erased_at_us from customer_data_key where customer_id = ?",
                (rs, n) -> {
                    String ciphertext = rs.getString(1);
                    rs.getLong(2);
                    return new Row(ciphertext, !rs.wasNull());
                }, customer.value());
        return rows.stream().findFirst();
    }

    private Optional<SecretKey> key(CustomerId customer, Row row) {
        if (row.erased() || row.keyCiphertext() == null) {
            return Optional.empty();
        }
        return Optional.of(SealedText.key(Base64.getDecoder().decode(cipher.decrypt(row.keyCiphertext(),
                rowId(customer)))));
    }

    private static String rowId(CustomerId customer) {
        return "customer_data_key/" + customer.value();
    }
}
