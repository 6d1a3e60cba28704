package org.ristourne.broker.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.SaleLine;
import org.ristourne.broker.secrets.SecretCipher;
import org.ristourne.broker.secrets.SecretUnreadable;
import org.ristourne.ledger.money.Money;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The key store and the sealing on the real V23 table, in an in-memory H2 of its own (no Spring context). */
class PersonalDataTest {

    private static final CustomerId ANNA = new CustomerId("cus-anna");
    private static final CustomerId BRUNO = new CustomerId("cus-bruno");
    private static final String TEXT = "Lampe de bureau é — pour Anna Dupont, 3 rue des Lilas";
    private static final Instant NOW = Instant.parse("2026-11-27T03:00:00Z");

    private final String secretsKey = SecretCipher.newKey();
    private JdbcTemplate jdbc;
    private CustomerDataKeys keys;
    private PersonalData personalData;

    @BeforeEach
    void database() throws IOException {
        jdbc = new JdbcTemplate(new DriverManagerDataSource("jdbc:h2:mem:personal-data-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1"));
        // V23's own table only: its other statements change tables this database does not have
        for (String statement : new ClassPathResource("db/migration/h2/V23__customer_data_keys.sql")
                .getContentAsString(StandardCharsets.UTF_8).split(";")) {
            if (statement.contains("create table customer_data_key")) {
                jdbc.execute(statement);
            }
        }
        keys = new CustomerDataKeys(jdbc, new SecretCipher(Map.of("k1", secretsKey), "k1"));
        personalData = new KeyedPersonalData(keys, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void sealedTextOpensForItsCustomerOnlyAndHoldsNoClearText() {
        String sealed = personalData.seal(ANNA, TEXT);

        assertThat(sealed).startsWith("pd1:").doesNotContain("Anna").doesNotContain("Lilas");
        assertThat(personalData.open(ANNA, sealed)).isEqualTo(TEXT);
        assertThat(personalData.seal(ANNA, TEXT)).as("a fresh nonce each time").isNotEqualTo(sealed);
        assertThat(personalData.open(BRUNO, sealed)).as("copied into another customer's event").isNull();
        personalData.seal(BRUNO, "Bruno's");
        assertThat(personalData.open(BRUNO, sealed)).as("under another customer's key").isNull();
    }

    @Test
    void oneKeyPerCustomerMadeOnFirstNeedAndStoredEncryptedUnderTheSecretsKey() {
        assertThat(keys.forReading(ANNA)).isEmpty();
        String first = personalData.seal(ANNA, TEXT);
        String second = personalData.seal(ANNA, "other");

        assertThat(jdbc.queryForObject("select count(*) from customer_data_key", Integer.class)).isOne();
        String stored = jdbc.queryForObject("select key_ciphertext from customer_data_key where customer_id = ?",
                String.class, ANNA.value());
        assertThat(stored).startsWith("v1:k1:");
        assertThat(keys.forReading(ANNA)).hasValueSatisfying(key ->
                assertThat(stored).doesNotContain(Base64.getEncoder().encodeToString(key.getEncoded())));
        assertThat(jdbc.queryForObject("select created_at_us from customer_data_key", Long.class))
                .isEqualTo(NOW.getEpochSecond() * 1_000_000L);
        assertThat(personalData.open(ANNA, first)).isEqualTo(TEXT);
        assertThat(personalData.open(ANNA, second)).isEqualTo("other");
    }

    @Test
    void afterErasureNothingSealedForTheCustomerOpensAndNothingNewIsSealed() {
        String sealed = personalData.seal(ANNA, TEXT);
        String brunos = personalData.seal(BRUNO, "Bruno's");

        keys.erase(ANNA, NOW.plusSeconds(60));

        assertThat(jdbc.queryForMap("select key_ciphertext, erased_at_us from customer_data_key where customer_id = ?",
                ANNA.value())).containsEntry("KEY_CIPHERTEXT", null)
                .containsEntry("ERASED_AT_US", NOW.plusSeconds(60).getEpochSecond() * 1_000_000L);
        assertThat(keys.isErased(ANNA)).isTrue();
        assertThat(personalData.open(ANNA, sealed)).isNull();
        assertThat(personalData.seal(ANNA, TEXT)).as("withheld, never in clear").isEqualTo("pd1:-");
        assertThat(personalData.open(ANNA, "pd1:-")).isNull();
        assertThat(personalData.open(BRUNO, brunos)).as("other customers untouched").isEqualTo("Bruno's");
        keys.erase(ANNA, NOW.plusSeconds(120));
        assertThat(jdbc.queryForObject("select erased_at_us from customer_data_key where customer_id = ?",
                Long.class, ANNA.value())).as("erasing again changes nothing")
                .isEqualTo(NOW.plusSeconds(60).getEpochSecond() * 1_000_000L);
    }

    @Test
    void aCustomerErasedBeforeAnythingWasSealedStaysErased() {
        keys.erase(ANNA, NOW);

        assertThat(keys.isErased(ANNA)).isTrue();
        assertThat(personalData.seal(ANNA, TEXT)).isEqualTo("pd1:-");
    }

    @Test
    void clearTextFromEventsWrittenBeforeSealingReadsAsItIsAndDamagedSealsReadAsUnreadable() {
        String sealed = personalData.seal(ANNA, TEXT);

        assertThat(personalData.open(ANNA, "Ampoule LED")).isEqualTo("Ampoule LED");
        assertThat(personalData.open(ANNA, "pd1:not base64!")).isNull();
        assertThat(personalData.open(ANNA, "pd1:AAAA")).isNull();
        assertThat(personalData.open(ANNA, sealed.substring(0, sealed.length() - 4) + "AAAA")).isNull();
    }

    @Test
    void aKeyUnderASecretsKeyNoLongerConfiguredIsAnErrorNotAnErasure() {
        String sealed = personalData.seal(ANNA, TEXT);
        CustomerDataKeys rotatedAway = new CustomerDataKeys(jdbc,
                new SecretCipher(Map.of("k2", SecretCipher.newKey()), "k2"));

        assertThatThrownBy(() -> new KeyedPersonalData(rotatedAway, Clock.systemUTC()).open(ANNA, sealed))
                .isInstanceOf(SecretUnreadable.class);
    }

    @Test
    void rotatingTheSecretsKeyRewritesLiveKeysUnderTheNewOneAndLeavesErasedOnesErased() {
        String annas = personalData.seal(ANNA, TEXT);
        personalData.seal(BRUNO, "Bruno's");
        keys.erase(BRUNO, NOW);
        String newKey = SecretCipher.newKey();
        CustomerDataKeys both = new CustomerDataKeys(jdbc, new SecretCipher(Map.of("k1", secretsKey, "k2", newKey),
                "k2"));

        assertThat(both.rewriteUnderCurrentKey()).isOne();
        assertThat(both.rewriteUnderCurrentKey()).as("nothing left to rewrite").isZero();
        CustomerDataKeys onlyNew = new CustomerDataKeys(jdbc, new SecretCipher(Map.of("k2", newKey), "k2"));
        assertThat(new KeyedPersonalData(onlyNew, Clock.systemUTC()).open(ANNA, annas)).isEqualTo(TEXT);
        assertThat(onlyNew.isErased(BRUNO)).isTrue();
        assertThat(jdbc.queryForObject("select key_ciphertext from customer_data_key where customer_id = ?",
                String.class, BRUNO.value())).isNull();
    }

    @Test
    void aSaleLineTakesTheLongestDescriptionSealedButNotThatLengthInClear() {
        String longest = "€".repeat(500);
        String sealed = personalData.seal(ANNA, longest);
        Money amount = Money.of(100, "EUR");

        assertThat(new SaleLine(sealed, 1, amount).description()).isEqualTo(sealed);
        assertThat(personalData.open(ANNA, sealed)).isEqualTo(longest);
        assertThatThrownBy(() -> new SaleLine("x".repeat(501), 1, amount))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
