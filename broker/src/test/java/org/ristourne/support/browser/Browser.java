package org.ristourne.support.browser;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven through Debian's chromedriver, both named explicitly so that Selenium Manager
 * never tries to download a browser or a driver (the build machines reach no such site). One profile per browser, in
 * a fresh temporary directory, so nothing leaks between browsers or runs.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** The window of a laptop. */
    static final Dimension WINDOW = new Dimension(1280, 900);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Set<String> BLOCKING_IMPACTS = Set.of("serious", "critical");

    private final String baseUrl;
    private final Path profile;
    private final ChromeDriver driver;

    private Browser(String baseUrl, Path profile, ChromeDriver driver) {
        this.baseUrl = baseUrl;
        this.profile = profile;
        this.driver = driver;
    }

    /** A browser whose person reads {@code language} first (its Accept-Language and its UI). */
    public static Browser start(String baseUrl, Locale language) {
        Path profile;
        try {
            profile = Files.createTempDirectory("ristourne-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String tag = language.toLanguageTag();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=" + WINDOW.width + "," + WINDOW.height,
                "--user-data-dir=" + profile, "--lang=" + tag);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", tag));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        try {
            return new Browser(baseUrl, profile, new ChromeDriver(service, options));
        } catch (RuntimeException e) {
            deleteQuietly(profile);
            throw e;
        }
    }

    public WebDriver driver() {
        return driver;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Opens a path of the application, and waits until its document has loaded. */
    public Browser open(String path) {
        driver.get(baseUrl + path);
        return this;
    }

    /** The path (and query) the browser shows now, without the scheme, host and port. */
    public String currentPath() {
        String url = driver.getCurrentUrl();
        return url != null && url.startsWith(baseUrl) ? url.substring(baseUrl.length()) : String.valueOf(url);
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** The element's rendered text, with the no-break spaces locales put in money and dates made plain spaces. */
    public String text(String css) {
        return plain(find(css).getText());
    }

    /** Java writes 6,30 € with a no-break space (U+00A0) and groups thousands with a narrow one (U+202F). */
    public static String plain(String text) {
        return text.replace('\u00a0', ' ').replace('\u202f', ' ').strip();
    }

    public void type(String css, String text) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(text);
    }

    /** Clicks, then waits until the browser has left this page for the next one. */
    public void clickAndWaitForPage(String css) {
        WebElement old = find("html");
        find(css).click();
        waitUntil(ExpectedConditions.stalenessOf(old));
        waitUntil(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    public <T> T waitUntil(java.util.function.Function<? super WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).until(condition);
    }

    public void forgetCookies() {
        driver.manage().deleteAllCookies();
    }

    /** The browser's cookies for the application, as a Cookie header, to fetch what a link points at. */
    public String cookieHeader() {
        return driver.manage().getCookies().stream().map(cookie -> cookie.getName() + "=" + cookie.getValue())
                .collect(Collectors.joining("; "));
    }

    public Set<Cookie> cookies() {
        return driver.manage().getCookies();
    }

    /**
     * The whole page as a PNG in {@code target/screenshots/<name>.png}, at the window's width and the page's full
     * height (Chromium's DevTools capture beyond the viewport; a plain WebDriver screenshot stops at the fold).
     */
    public Path screenshot(String name) {
        Path target = screenshots().resolve(name + ".png");
        Number height = (Number) driver.executeScript(
                "return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)");
        Number width = (Number) driver.executeScript("return document.documentElement.clientWidth");
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width.intValue(),
                        "height", height.intValue(), "scale", 1)));
        try {
            Files.createDirectories(target.getParent());
            Files.write(target, Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    public static Path screenshots() {
        return Path.of(System.getProperty("basedir", "."), "target", "screenshots");
    }

    /**
     * Runs axe-core on the page as it stands and fails listing every serious or critical violation: its rule, what
     * it asks for, and the elements that break it. Minor and moderate findings are left to judgement.
     */
    public void assertAccessible() {
        Results results = new AxeBuilder().analyze(driver);
        if (results.isErrored()) {
            throw new AssertionError("axe-core could not run on " + currentPath() + ": " + results.getErrorMessage());
        }
        List<Rule> blocking = results.getViolations().stream()
                .filter(rule -> BLOCKING_IMPACTS.contains(rule.getImpact())).toList();
        if (!blocking.isEmpty()) {
            throw new AssertionError(blocking.size() + " serious or critical accessibility violation(s) on "
                    + currentPath() + ":\n" + blocking.stream().map(Browser::describe)
                    .collect(Collectors.joining("\n")));
        }
    }

    private static String describe(Rule rule) {
        return "- " + rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " <" + rule.getHelpUrl()
                + ">\n" + rule.getNodes().stream().map(Browser::describe).collect(Collectors.joining("\n"));
    }

    private static String describe(CheckedNode node) {
        return "    at " + node.getTarget() + ": " + node.getHtml()
                + (node.getFailureSummary() == null ? "" : "\n      " + node.getFailureSummary()
                .replace("\n", "\n      "));
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary profile left behind costs disk space only.
        }
    }
}
