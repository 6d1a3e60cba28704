package org.ristourne.support.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without a browser, browser tests are skipped with the command that installs one, or fail when they are required. */
class ChromiumPresentTest {

    @TempDir
    Path directory;

    @Test
    void missingBrowserSkipsWithTheInstallCommand() {
        ChromiumPresent condition = new ChromiumPresent(List.of(directory.resolve("chromium")), name -> null);

        var result = condition.evaluateExecutionCondition(null);

        assertThat(result.isDisabled()).isTrue();
        assertThat(result.getReason()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("apt-get install chromium chromium-driver").contains("chromium"));
    }

    @Test
    void missingBrowserFailsWhenBrowserTestsAreRequired() {
        ChromiumPresent condition = new ChromiumPresent(List.of(directory.resolve("chromedriver")),
                Map.of("RISTOURNE_BROWSER_TESTS", "required")::get);

        assertThat(condition.evaluateExecutionCondition(null).isDisabled()).isFalse();
        assertThatThrownBy(() -> condition.beforeAll(null)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("apt-get install chromium chromium-driver");
    }

    @Test
    void presentBrowserRuns() {
        ChromiumPresent condition = new ChromiumPresent(List.of(Path.of("/bin/sh")),
                Map.of("RISTOURNE_BROWSER_TESTS", "required")::get);

        assertThat(condition.evaluateExecutionCondition(null).isDisabled()).isFalse();
        condition.beforeAll(null);
    }
}
