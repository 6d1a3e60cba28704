package org.ristourne.broker.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretKeysConfigTest {

    private static final SecretsProperties NONE = new SecretsProperties(Map.of(), null);

    @Test
    void embeddedDefaultMakesItsOwnOwnerOnlyKeyOnceAndKeepsIt(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("data/ristourne") + ";DB_CLOSE_ON_EXIT=FALSE";

        SecretCipher first = SecretKeysConfig.cipherOf(NONE, url);
        Path keyFile = dir.resolve("data").resolve(SecretKeysConfig.EMBEDDED_KEY_FILE);
        assertThat(keyFile).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        String stored = first.encrypt("whsec_abc", "whs-1");

        SecretCipher second = SecretKeysConfig.cipherOf(NONE, url);
        assertThat(second.decrypt(stored, "whs-1")).isEqualTo("whsec_abc");
        assertThat(second.currentKeyId()).isEqualTo(SecretKeysConfig.EMBEDDED_KEY_ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:mysql://127.0.0.1:3306/ristourne", "jdbc:h2:mem:test;DB_CLOSE_DELAY=-1",
            "jdbc:h2:tcp://localhost/~/test", ""})
    void anywhereElseAMissingKeyStopsTheStartWithOneClearMessage(String url) {
        assertThatThrownBy(() -> SecretKeysConfig.cipherOf(NONE, url)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("No key to encrypt stored secrets with: set ristourne.secrets.keys.<id>");
    }

    @Test
    void aSingleConfiguredKeyIsCurrentWithoutNamingIt() {
        SecretCipher cipher = SecretKeysConfig.cipherOf(new SecretsProperties(Map.of("k1", SecretCipher.newKey()),
                null), "jdbc:mysql://db/ristourne");

        assertThat(cipher.currentKeyId()).isEqualTo("k1");
    }

    @Test
    void severalKeysNeedTheCurrentOneNamed() {
        SecretsProperties two = new SecretsProperties(Map.of("k1", SecretCipher.newKey(), "k2",
                SecretCipher.newKey()), " ");

        assertThatThrownBy(() -> SecretKeysConfig.cipherOf(two, "jdbc:mysql://db/ristourne"))
                .hasMessageStartingWith("ristourne.secrets.current-key-id must name one of the 2 keys");
    }
}
