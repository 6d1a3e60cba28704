package org.ristourne.support.browser;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that drives Debian's headless Chromium. Where Chromium or its driver is missing the class is
 * skipped with a message saying what to install, unless {@code RISTOURNE_BROWSER_TESTS=required} (as CI sets it),
 * then it fails: CI must never pass because the browser was quietly absent.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ChromiumPresent.class)
public @interface InChromium {
}
