package org.ristourne.broker.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.ristourne.support.browser.Browser;
import org.ristourne.support.browser.BrowserTestContext;

/**
 * What a newcomer meets in a real browser: the landing page with the worked example in the page's language, the
 * switch to French and back, signing up, out and in, a wrong password refused, the skip link first under the keyboard,
 * and no serious accessibility violation on any public page (axe-core).
 */
class PublicPagesBrowserTest extends BrowserTestContext {

    private static final String PASSWORD = "correct horse battery";
    private static Browser browser;

    @BeforeAll
    static void startBrowser(@org.springframework.beans.factory.annotation.Value("${local.server.port}") int port) {
        browser = Browser.start("http://127.0.0.1:" + port, Locale.ENGLISH);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void anonymous() {
        browser.open("/");
        browser.forgetCookies();
    }

    @Test
    void landingShowsTheWorkedExampleInEnglish() throws Exception {
        browser.open("/");

        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("en");
        assertThat(browser.findAll("h1")).hasSize(1);
        assertThat(browser.text(".split-legend")).contains("€6.30", "€2.10", "€33.60");
        assertThat(browser.text(".example")).contains("€129.99", "€42.00", "20 %");
        assertThat(browser.find("a[href='/sign-up']").isDisplayed()).isTrue();
        assertThat(Files.size(browser.screenshot("landing"))).as("landing.png").isPositive();
    }

    @Test
    void theLanguageLinkSwitchesToFrenchAndBack() {
        browser.open("/");

        browser.clickAndWaitForPage("a[hreflang='fr']");
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("fr");
        assertThat(browser.text(".split-legend")).contains("6,30 €", "2,10 €", "33,60 €");
        assertThat(browser.text("h1")).startsWith("Vous payez un petit abonnement");

        browser.open("/sign-in");
        assertThat(browser.text("h1")).as("the choice outlives the page").isEqualTo("Connexion");

        browser.clickAndWaitForPage("a[hreflang='en']");
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("en");
        assertThat(browser.text("h1")).isEqualTo("Sign in");
        assertThat(browser.currentPath()).startsWith("/sign-in");
    }

    @Test
    void signUpThenSignOutThenSignInAgain() {
        String email = newEmail();
        browser.open("/");
        browser.clickAndWaitForPage("a.button[href='/sign-up']");
        browser.type("#displayName", "Anna Browser");
        browser.type("#email", email);
        browser.type("#password", PASSWORD);
        browser.clickAndWaitForPage("#sign-up");
        assertThat(browser.currentPath()).as("signed up and in").startsWith("/account");
        assertThat(browser.findAll("#sign-out")).hasSize(1);

        browser.clickAndWaitForPage("#sign-out");
        assertThat(browser.currentPath()).isEqualTo("/?signed-out");
        assertThat(browser.text(".signed-out-note")).isEqualTo("You are signed out.");
        assertThat(browser.findAll("#sign-out")).isEmpty();

        browser.open("/sign-in");
        browser.type("#email", email);
        browser.type("#password", PASSWORD);
        browser.clickAndWaitForPage("#sign-in");
        assertThat(browser.currentPath()).startsWith("/account");
        assertThat(browser.findAll("#sign-out")).hasSize(1);
    }

    @Test
    void aWrongPasswordIsRefusedWithAnError() {
        String email = signUp();
        browser.forgetCookies();

        browser.open("/sign-in");
        browser.type("#email", email);
        browser.type("#password", "not the password");
        browser.clickAndWaitForPage("#sign-in");

        assertThat(browser.currentPath()).isEqualTo("/sign-in?error");
        assertThat(browser.text("[role=alert]")).isEqualTo("Wrong email or password.");
        assertThat(browser.findAll("#sign-out")).isEmpty();
    }

    @Test
    void publicPagesHaveNoSeriousAccessibilityViolation() {
        browser.open("/");
        browser.assertAccessible();
        browser.open("/sign-up");
        browser.assertAccessible();
        browser.open("/sign-in");
        browser.assertAccessible();
        browser.open("/sign-in?error");
        browser.assertAccessible();
        browser.open("/?lang=fr");
        browser.assertAccessible();
        browser.open("/no-such-page");
        browser.assertAccessible();
    }

    @Test
    void aRefusedSignUpIsAccessibleToo() {
        String email = signUp();
        browser.forgetCookies();
        browser.open("/sign-up");
        browser.type("#displayName", "Someone Else");
        browser.type("#email", email);
        browser.type("#password", PASSWORD);
        browser.clickAndWaitForPage("#sign-up");

        assertThat(browser.text("[role=alert]")).contains("An account already uses this email address");
        browser.assertAccessible();
    }

    @Test
    void aBrowserSetToFrenchGetsFrenchPages() {
        try (Browser french = Browser.start(browser.baseUrl(), Locale.FRENCH)) {
            french.open("/");

            assertThat(french.find("html").getAttribute("lang")).isEqualTo("fr");
            assertThat(french.text(".split-legend")).contains("6,30 €", "2,10 €", "33,60 €");
            assertThat(french.find("a[hreflang='en']").getText()).isEqualTo("English");
        }
    }

    /** The accessibility check itself: a page with an unlabelled field must fail it, naming the rule and element. */
    @Test
    void theAccessibilityCheckFailsOnAViolation() {
        browser.driver().get("data:text/html;charset=utf-8,<!DOCTYPE html><html lang=en><head><title>t</title>"
                + "</head><body><main><h1>t</h1><input id=nameless type=text></main></body></html>");

        assertThatThrownBy(browser::assertAccessible).isInstanceOf(AssertionError.class)
                .hasMessageContaining("label (critical)").hasMessageContaining("#nameless");
    }

    @Test
    void theSkipLinkIsTheFirstTabStopAndLeadsToTheContent() {
        browser.open("/");

        new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
        WebElement focused = browser.driver().switchTo().activeElement();
        assertThat(focused.getAttribute("class")).contains("skip-link");
        assertThat(focused.getRect().getX()).as("visible once focused").isGreaterThanOrEqualTo(0);

        new Actions(browser.driver()).sendKeys(Keys.ENTER).perform();
        assertThat(browser.driver().getCurrentUrl()).endsWith("#main");
    }

    private String signUp() {
        String email = newEmail();
        browser.open("/sign-up");
        browser.type("#displayName", "Anna Browser");
        browser.type("#email", email);
        browser.type("#password", PASSWORD);
        browser.clickAndWaitForPage("#sign-up");
        assertThat(browser.findAll("#sign-out")).as("signed up").hasSize(1);
        return email;
    }

    private static String newEmail() {
        return "anna-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    }
}
