package org.ristourne.broker.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretCipherTest {

    private static final String OLD_KEY = SecretCipher.newKey();
    private static final String NEW_KEY = SecretCipher.newKey();
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'q');
    private static final String ROW = "whs-1";

    private final SecretCipher cipher = new SecretCipher(Map.of("k1", OLD_KEY), "k1");

    @Test
    void roundTripGivesTheSecretBackAndStoresNeitherItNorTheKey() {
        String stored = cipher.encrypt(SECRET, ROW);

        assertThat(stored).startsWith("v1:k1:").doesNotContain(SECRET).doesNotContain(OLD_KEY)
                .doesNotContain(SECRET.substring(6, 20));
        assertThat(cipher.decrypt(stored, ROW)).isEqualTo(SECRET);
        assertThat(cipher.isCurrent(stored)).isTrue();
        assertThat(SecretCipher.isEncrypted(stored)).isTrue();
        assertThat(SecretCipher.isEncrypted(SECRET)).isFalse();
    }

    @Test
    void eachEncryptionUsesAFreshNonce() {
        assertThat(cipher.encrypt(SECRET, ROW)).isNotEqualTo(cipher.encrypt(SECRET, ROW));
    }

    static Stream<Arguments> tamperings() {
        return Stream.of(
                Arguments.of("a flipped ciphertext byte", (UnaryOperator<byte[]>) bytes -> flip(bytes, 14)),
                Arguments.of("a flipped nonce byte", (UnaryOperator<byte[]>) bytes -> flip(bytes, 0)),
                Arguments.of("a flipped tag byte", (UnaryOperator<byte[]>) bytes -> flip(bytes, bytes.length - 1)),
                Arguments.of("a truncated tag", (UnaryOperator<byte[]>) bytes -> java.util.Arrays.copyOf(bytes,
                        bytes.length - 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tamperings")
    void tamperedValueIsRefused(String what, UnaryOperator<byte[]> tamper) {
        String stored = cipher.encrypt(SECRET, ROW);
        byte[] sealed = Base64.getDecoder().decode(stored.substring("v1:k1:".length()));
        String tampered = "v1:k1:" + Base64.getEncoder().encodeToString(tamper.apply(sealed));

        assertThatThrownBy(() -> cipher.decrypt(tampered, ROW)).isInstanceOf(SecretUnreadable.class)
                .hasMessageContaining("integrity check").hasMessageNotContaining(SECRET);
    }

    @Test
    void valueCopiedToAnotherRowIsRefused() {
        String stored = cipher.encrypt(SECRET, ROW);

        assertThatThrownBy(() -> cipher.decrypt(stored, "whs-2")).isInstanceOf(SecretUnreadable.class)
                .hasMessageContaining("whs-2").hasMessageContaining("copied from another row");
    }

    @Test
    void afterRotationOldValuesStayReadableAndNewOnesUseTheNewKey() {
        String before = cipher.encrypt(SECRET, ROW);
        SecretCipher rotated = new SecretCipher(Map.of("k1", OLD_KEY, "k2", NEW_KEY), "k2");

        assertThat(rotated.decrypt(before, ROW)).isEqualTo(SECRET);
        assertThat(rotated.isCurrent(before)).isFalse();
        String after = rotated.encrypt(SECRET, ROW);
        assertThat(after).startsWith("v1:k2:");
        assertThat(rotated.isCurrent(after)).isTrue();
        assertThat(new SecretCipher(Map.of("k2", NEW_KEY), "k2").decrypt(after, ROW)).isEqualTo(SECRET);
    }

    @Test
    void unknownKeyIdIsAClearErrorNamingTheKeyButNoValue() {
        String stored = new SecretCipher(Map.of("gone", OLD_KEY), "gone").encrypt(SECRET, ROW);

        assertThatThrownBy(() -> new SecretCipher(Map.of("k2", NEW_KEY), "k2").decrypt(stored, ROW))
                .isInstanceOf(SecretUnreadable.class)
                .hasMessage("the stored secret of whs-1 is encrypted with key 'gone', which ristourne.secrets.keys"
                        + " does not have (configured ids: [k2])");
    }

    @Test
    void anotherKeyUnderTheSameIdIsRefused() {
        String stored = cipher.encrypt(SECRET, ROW);

        assertThatThrownBy(() -> new SecretCipher(Map.of("k1", NEW_KEY), "k1").decrypt(stored, ROW))
                .isInstanceOf(SecretUnreadable.class).hasMessageContaining("integrity check");
    }

    @ParameterizedTest
    @ValueSource(strings = {"whsec_plain", "v2:k1:AAAA", "v1:k1", "v1:k1:not base64!", "v1:k1:AAAA"})
    void valuesNotInTheStoredFormAreRefused(String stored) {
        assertThatThrownBy(() -> cipher.decrypt(stored, ROW)).isInstanceOf(SecretUnreadable.class)
                .hasMessageStartingWith("the stored secret of whs-1 is");
    }

    static Stream<Arguments> badKeys() {
        return Stream.of(
                Arguments.of(Map.of("k1", "c2hvcnQ="), "k1", "ristourne.secrets.keys.k1 must be 32 bytes"),
                Arguments.of(Map.of("k1", "#not-base64#" + OLD_KEY), "k1", "ristourne.secrets.keys.k1 is not base64"),
                Arguments.of(Map.of("k:1", OLD_KEY), "k:1", "a key id of ristourne.secrets.keys must be"),
                Arguments.of(Map.of("k1", OLD_KEY), "k2", "current-key-id names no key"));
    }

    @ParameterizedTest
    @MethodSource("badKeys")
    void badConfigurationIsRefusedWithoutEchoingTheKey(Map<String, String> keys, String current, String message) {
        assertThatThrownBy(() -> new SecretCipher(keys, current)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message).hasMessageNotContaining(OLD_KEY).hasMessageNotContaining("c2hvcnQ=");
    }

    @Test
    void toStringNamesKeyIdsOnly() {
        assertThat(cipher.toString()).contains("k1").doesNotContain(OLD_KEY);
    }

    private static byte[] flip(byte[] bytes, int index) {
        byte[] copy = bytes.clone();
        copy[index] ^= 0x01;
        return copy;
    }
}
