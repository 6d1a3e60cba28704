package org.ristourne.broker.operator.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OperatorPasswordsTest {

    private final OperatorPasswords passwords = new OperatorPasswords();

    @Test
    void storesABcryptHashAndMatchesOnlyTheRightPasswordBeforeAndAfterRememberingIt() {
        String hash = passwords.encode("right password");

        assertThat(hash).startsWith("{bcrypt}").doesNotContain("right password");
        assertThat(passwords.matches("wrong password", hash)).isFalse();
        assertThat(passwords.matches("right password", hash)).as("checked by bcrypt, then remembered").isTrue();
        assertThat(passwords.matches("right password", hash)).as("from memory").isTrue();
        assertThat(passwords.matches("wrong password", hash)).as("memory opens nothing else").isFalse();
        assertThat(passwords.matches("right password", passwords.encode("another password"))).isFalse();
        assertThat(passwords.matches("right password", "")).isFalse();
    }

    @Test
    void aRememberedPasswordCostsNoBcrypt() {
        String hash = passwords.encode("right password");
        passwords.matches("right password", hash);

        long started = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            assertThat(passwords.matches("right password", hash)).isTrue();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        // A thousand bcrypt checks at the default strength take a minute; from memory, milliseconds.
        assertThat(millis).as("1000 checks in %d ms", millis).isLessThan(5_000);
    }
}
