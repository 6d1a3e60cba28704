package org.ristourne.support.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs in {@code ./mvnw verify} after every Surefire test of the module (Failsafe's integration-test phase): no log
 * the test JVMs and the broker processes they started wrote may hold a secret. When tests ran, finding no log at all
 * fails too: a scan of nothing proves nothing.
 */
class LogsHoldNoSecretsIT {

    private static final Path TARGET = Path.of("target");

    @Test
    void noTestLogHoldsASecret() throws IOException {
        LogSecretScanner scanner = LogSecretScanner.forThisBuild();
        List<Path> files = LogSecretScanner.logFilesIn(TARGET.resolve("test-logs"), TARGET);
        LogSecretScanner.Report report = scanner.scan(files);
        System.out.printf("[log secret scan] %d log files, %d lines scanned for %d secret shapes: %d hits%n",
                report.files(), report.lines(), scanner.shapeCount(), report.hits().size());

        List<String> failures = report.failures(surefireRan());
        assertThat(failures).as(String.join("\n", failures)).isEmpty();
    }

    private static boolean surefireRan() throws IOException {
        Path reports = TARGET.resolve("surefire-reports");
        if (!Files.isDirectory(reports)) {
            return false;
        }
        try (Stream<Path> listed = Files.list(reports)) {
            return listed.anyMatch(file -> file.getFileName().toString().startsWith("TEST-"));
        }
    }
}
