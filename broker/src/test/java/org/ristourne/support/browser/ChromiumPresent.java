package org.ristourne.support.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The condition behind {@link InChromium}: skip without the browser, or fail when browser tests are required. */
public final class ChromiumPresent implements ExecutionCondition, BeforeAllCallback {

    static final String REQUIRED_VARIABLE = "RISTOURNE_BROWSER_TESTS";
    static final String INSTALL = "apt-get install chromium chromium-driver";

    private final List<Path> needed;
    private final UnaryOperator<String> environment;

    public ChromiumPresent() {
        this(List.of(Browser.CHROMIUM, Browser.CHROMEDRIVER), System::getenv);
    }

    ChromiumPresent(List<Path> needed, UnaryOperator<String> environment) {
        this.needed = needed;
        this.environment = environment;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        List<Path> missing = missing();
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("Chromium and chromedriver are installed");
        }
        if (required()) {
            // Enabled, so that beforeAll fails the class instead of it being reported as skipped.
            return ConditionEvaluationResult.enabled("browser tests are required");
        }
        return ConditionEvaluationResult.disabled(message(missing) + " (with " + REQUIRED_VARIABLE
                + "=required they fail instead)");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        List<Path> missing = missing();
        if (!missing.isEmpty()) {
            throw new AssertionError(message(missing) + " (" + REQUIRED_VARIABLE + "=required)");
        }
    }

    private List<Path> missing() {
        return needed.stream().filter(path -> !Files.isExecutable(path)).toList();
    }

    private boolean required() {
        return "required".equalsIgnoreCase(environment.apply(REQUIRED_VARIABLE));
    }

    private static String message(List<Path> missing) {
        return "Browser tests need " + missing.stream().map(Path::toString).collect(Collectors.joining(" and "))
                + ": " + INSTALL;
    }
}
