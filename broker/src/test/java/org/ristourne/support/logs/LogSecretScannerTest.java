package org.ristourne.support.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ristourne.support.OperatorClient;

class LogSecretScannerTest {

    private final LogSecretScanner scanner = LogSecretScanner.forThisBuild();

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            issued whsec_MfKQ9r8GKYqrTwjPJvMknXzqAXCvNCLdSoIc7WRaXXo= for vendor shop-1 | a webhook signing secret
            Stripe key sk_test_51Hx8yTqGv7aLZbQ2 rejected                       | a Stripe secret or restricted key
            calling with rk_live_9aZbQ2cXyT8w                                   | a Stripe secret or restricted key
            > Authorization: Basic b3BlcmF0b3I6c2VjcmV0                          | HTTP Basic credentials
            headers={authorization=basic dXNlcjpwYXNz}                          | HTTP Basic credentials
            password is test-operator-password until restart                    | the test operator password
            """)
    void aPlantedSecretIsFoundWithItsFileAndLine(String planted, String kind, @TempDir Path dir) throws IOException {
        Path log = Files.writeString(dir.resolve("1234.log"), "first line\n2026 INFO " + planted + "\nlast\n");

        LogSecretScanner.Report report = scanner.scan(List.of(log));

        assertThat(report.hits()).extracting(LogSecretScanner.Hit::line, LogSecretScanner.Hit::kind)
                .contains(org.assertj.core.groups.Tuple.tuple(2L, kind.strip()));
        assertThat(report.hits().toString()).startsWith("[" + log + ":2: ").doesNotContain(planted.strip());
    }

    @Test
    void theTestsEncryptionKeysAreFound(@TempDir Path dir) throws IOException {
        Path log = Files.writeString(dir.resolve("9.log"),
                "key Go04ukOF7EKOBWvKxtut0Y7pJ5rVIpedC5ObmDQHdKo= in a message\n");

        assertThat(scanner.scan(List.of(log)).hits()).extracting(LogSecretScanner.Hit::kind)
                .containsExactly("the stored secrets' key ristourne.secrets.keys.test");
    }

    @Test
    void cleanLogsAreCountedAndPass(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("1.log"), "Started RistourneApplication\nrotated the webhook secret of shop-1\n");
        Files.writeString(dir.resolve("2.log"), "a whsec_ prefix alone, sk_test_ alone, Basic auth mentioned\n");
        Files.writeString(dir.resolve("notes.txt"), OperatorClient.PASSWORD);

        LogSecretScanner.Report report = scanner.scan(LogSecretScanner.logFilesIn(dir, dir.resolve("absent")));

        assertThat(report.files()).isEqualTo(2);
        assertThat(report.lines()).isEqualTo(3);
        assertThat(report.hits()).isEmpty();
    }

    @Test
    void anEmptyOrMissingFolderFailsWhenTestsRan(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("empty.log"), "");

        LogSecretScanner.Report report = scanner.scan(LogSecretScanner.logFilesIn(dir, dir.resolve("absent")));

        assertThat(report).isEqualTo(new LogSecretScanner.Report(1, 0, List.of()));
        assertThat(report.failures(true)).singleElement().asString().startsWith("tests ran, yet no log line");
        assertThat(report.failures(false)).isEmpty();
    }

    @Test
    void aHitFailsTheScanNamingFileAndLineOnly(@TempDir Path dir) throws IOException {
        Path log = Files.writeString(dir.resolve("7.log"), "ok\nBasic " + OperatorClient.PASSWORD + "\n");

        assertThat(scanner.scan(List.of(log)).failures(true))
                .containsExactly("secret in a log: " + log + ":2: the test operator password");
    }
}
