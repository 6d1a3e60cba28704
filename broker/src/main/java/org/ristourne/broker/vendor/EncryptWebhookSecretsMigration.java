package org.ristourne.broker.vendor;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.secrets.SecretCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

/**
 * V20, for both dialects: encrypts the webhook secrets stored in plain text before it. A Java migration (a Spring
 * bean, which Boot hands to Flyway) because it needs the configured key; Flyway runs it once, under its lock, so two
 * nodes starting together do not both convert. The SQL folders have no V20 file for that reason.
 */
@Component
class EncryptWebhookSecretsMigration implements JavaMigration {

    private static final Logger log = LoggerFactory.getLogger(EncryptWebhookSecretsMigration.class);

    private final SecretCipher cipher;

    EncryptWebhookSecretsMigration(SecretCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("20");
    }

    @Override
    public String getDescription() {
        return "encrypt webhook secrets";
    }

    @Override
    public @Nullable Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) {
        JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(context.getConnection(), true));
        int rewritten = WebhookSecrets.rewriteUnderCurrentKey(jdbc, cipher);
        log.info("V20: {} webhook secret(s) encrypted under key {}", rewritten, cipher.currentKeyId());
    }
}
