package org.ristourne.broker.report.vendorwebhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.junit.jupiter.api.Test;
import org.ristourne.broker.secrets.SecretCipher;
import org.ristourne.broker.secrets.SecretsProperties;
import org.ristourne.broker.vendor.WebhookSecrets;
import org.ristourne.support.SigningVendor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Webhook secrets at rest, in the webhook's own context: the column never holds the secret, a plain-text row left from
 * before V20 is converted by V20, a row under the previous key keeps verifying and is rewritten under the current one,
 * and a secret whose overlap ended is deleted, after which it verifies nothing. Each case reads the raw column over
 * JDBC and then signs a real report.
 */
abstract class StoredWebhookSecretsIntegrationTest extends VendorWebhookTestSupport {

    @Autowired
    WebhookSecrets secrets;

    @Autowired
    SecretsProperties keys;

    @Autowired
    ApplicationContext context;

    @Test
    void theColumnHoldsTheSecretEncryptedUnderTheCurrentKeyAndItStillVerifies() {
        String stored = storedSecretOfVendor();

        assertThat(stored).startsWith("v1:test:").doesNotContain(secret)
                .doesNotContain(secret.substring("whsec_".length(), 20));
        assertThat(vendor.send(sale("ord_encrypted", 1_000, 100L)).statusCode()).isEqualTo(202);
    }

    @Test
    void aPlainTextRowFromBeforeV20IsEncryptedByV20AndKeepsVerifying() throws Exception {
        jdbc.update("update vendor_webhook_secret set secret = ? where vendor_id = ?", secret, vendor.vendorId());

        JavaMigration v20 = context.getBeansOfType(JavaMigration.class).values().stream()
                .filter(migration -> migration.getVersion().getVersion().equals("20")).findFirst().orElseThrow();
        try (Connection connection = jdbc.getDataSource().getConnection()) {
            connection.setAutoCommit(false);
            v20.migrate(contextOf(connection));
            connection.commit();
        }

        assertThat(storedSecretOfVendor()).startsWith("v1:test:").doesNotContain(secret);
        assertThat(vendor.send(sale("ord_after_v20", 1_000, 100L)).statusCode()).isEqualTo(202);
    }

    @Test
    void aRowUnderThePreviousKeyVerifiesAndIsRewrittenUnderTheCurrentOneAfterWhichThePreviousKeyCanGo() {
        String secretId = secretIdOfVendor();
        SecretCipher beforeRotation = new SecretCipher(keys.keys(), "test-previous");
        jdbc.update("update vendor_webhook_secret set secret = ? where secret_id = ?",
                beforeRotation.encrypt(secret, secretId), secretId);
        assertThat(storedSecretOfVendor()).startsWith("v1:test-previous:");
        assertThat(vendor.send(sale("ord_previous_key", 1_000, 100L)).statusCode()).isEqualTo(202);

        assertThat(secrets.rewriteUnderCurrentKey()).isGreaterThanOrEqualTo(1);
        assertThat(secrets.rewriteUnderCurrentKey()).as("a second pass finds nothing left").isZero();

        String rewritten = storedSecretOfVendor();
        assertThat(rewritten).startsWith("v1:test:");
        SecretCipher withoutThePreviousKey = new SecretCipher(Map.of("test", keys.keys().get("test")), "test");
        assertThat(withoutThePreviousKey.decrypt(rewritten, secretId)).isEqualTo(secret);
        assertThat(vendor.send(sale("ord_current_key", 1_000, 100L)).statusCode()).isEqualTo(202);
    }

    @Test
    void aRetiredSecretIsDeletedByThePurgeAndNoLongerVerifies() {
        String retiredId = secretIdOfVendor();
        String newSecret = operator.call("POST", "/operator/vendors/" + vendor.vendorId() + "/webhook-secrets",
                "{\"overlapMinutes\":60}", 201).get("webhookSecret").asString();
        secrets.purgeRetired();
        assertThat(rowsOf(retiredId)).as("during the overlap the previous secret stays").isEqualTo(1);

        clock.advance(Duration.ofMinutes(61));
        try {
            assertThat(secrets.purgeRetired()).isGreaterThanOrEqualTo(1);
            assertThat(rowsOf(retiredId)).as("the retired secret's row").isZero();
            assertThat(jdbc.queryForObject("select count(*) from vendor_webhook_secret where vendor_id = ?",
                    Integer.class, vendor.vendorId())).isEqualTo(1);
            assertRefusedWithoutTrace(401, "invalid-signature", () -> vendor.send(sale("ord_retired", 1_000, 100L)));
            assertThat(new SigningVendor(baseUrl(), vendor.vendorId(), newSecret)
                    .send(sale("ord_new", 1_000, 100L)).statusCode()).isEqualTo(202);
        } finally {
            clock.reset();
        }
    }

    private String storedSecretOfVendor() {
        return jdbc.queryForObject("select secret from vendor_webhook_secret where vendor_id = ?", String.class,
                vendor.vendorId());
    }

    private String secretIdOfVendor() {
        return jdbc.queryForObject("select secret_id from vendor_webhook_secret where vendor_id = ?", String.class,
                vendor.vendorId());
    }

    private int rowsOf(String secretId) {
        return jdbc.queryForObject("select count(*) from vendor_webhook_secret where secret_id = ?", Integer.class,
                secretId);
    }

    private static Context contextOf(Connection connection) {
        return new Context() {
            @Override
            public Configuration getConfiguration() {
                throw new UnsupportedOperationException("V20 needs only the connection");
            }

            @Override
            public Connection getConnection() {
                return connection;
            }
        };
    }
}
