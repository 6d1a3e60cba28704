package org.ristourne.broker.operator.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ristourne.broker.operator.accounts.OperatorBootstrap.Start;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** The rules for the first operator account at start-up, without starting anything. */
class OperatorBootstrapTest {

    @ParameterizedTest(name = "accounts {0}, password ''{1}'', embedded {2}: {3}")
    @CsvSource({
            "true,  '',        false, KEEP_ACCOUNTS",
            "true,  '',        true,  KEEP_ACCOUNTS",
            "true,  secret-1,  false, KEEP_ACCOUNTS",
            "true,  secret-1,  true,  KEEP_ACCOUNTS",
            "false, secret-1,  false, CREATE_CONFIGURED",
            "false, secret-1,  true,  CREATE_CONFIGURED",
            "false, '',        true,  CREATE_GENERATED_IN_FILE",
            "false, '   ',     true,  CREATE_GENERATED_IN_FILE",
            "false, '',        false, REFUSE",
            "false, '   ',     false, REFUSE"})
    void theFirstAccountComesFromTheConfigurationOrAFileOnlyOnTheEmbeddedDatabaseAndNothingIsOverwritten(
            boolean anyAccount, String password, boolean embedded, Start expected) {
        assertThat(OperatorBootstrap.decide(anyAccount, password, embedded ? Path.of("data") : null))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "jdbc:h2:file:./data/ristourne;DB_CLOSE_ON_EXIT=FALSE | ./data",
            "jdbc:h2:file:/var/lib/ristourne/db                   | /var/lib/ristourne",
            "jdbc:h2:./elsewhere/ristourne                          | ./elsewhere",
            "jdbc:h2:mem:ristourne-1;DB_CLOSE_DELAY=-1              | ",
            "jdbc:h2:tcp://db.example/~/ristourne                   | ",
            "jdbc:mysql://127.0.0.1:3306/ristourne                  | ",
            "jdbc:mariadb://127.0.0.1:3306/ristourne                | "})
    void onlyAnH2FileDatabaseIsTheEmbeddedDefault(String url, String directory) {
        assertThat(OperatorBootstrap.embeddedDataDirectory(url))
                .isEqualTo(directory == null ? null : Path.of(directory).toAbsolutePath().normalize());
    }

    @Test
    void theRefusalNamesTheVariableToSetAndNoPassword() {
        OperatorCredentialsMissing refusal = OperatorBootstrap.refusal("operator");
        FailureAnalysis analysis = new OperatorCredentialsAnalyzer().analyze(new IllegalStateException(refusal));

        assertThat(refusal.getMessage()).contains("RISTOURNE_OPERATOR_PASSWORD").contains("'operator'");
        assertThat(analysis.getDescription()).isEqualTo(refusal.getMessage());
        assertThat(analysis.getAction()).contains("RISTOURNE_OPERATOR_PASSWORD");
    }

    @Test
    void aMadeUpPasswordGoesToAFileOnlyItsOwnerCanRead(@TempDir Path directory) throws Exception {
        Path data = directory.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve(OperatorBootstrap.PASSWORD_FILE), "an older one");
        String password = OperatorPasswords.generate();

        Path file = OperatorBootstrap.writePasswordFile(data, password);

        assertThat(file).isEqualTo(data.resolve("operator-password"));
        assertThat(Files.readString(file)).isEqualTo(password + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(password).hasSize(24).isNotEqualTo(OperatorPasswords.generate());
    }
}
