package org.ristourne.broker.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every page's words exist in English and French, with the same keys, and each is a valid MessageFormat pattern (the
 * broker formats every message, so a lone apostrophe would silently swallow the text after it).
 */
class MessageBundlesTest {

    static Stream<String> bundles() {
        return Stream.of("common", "account", "relationships", "vendor", "operations");
    }

    @ParameterizedTest
    @MethodSource("bundles")
    void frenchAndEnglishHaveTheSameKeys(String bundle) {
        Properties english = load("messages/" + bundle + ".properties");
        Properties french = load("messages/" + bundle + "_fr.properties");

        assertThat(french.stringPropertyNames()).as(bundle + ": keys in French")
                .containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
    }

    @ParameterizedTest
    @MethodSource("bundles")
    void everyMessageIsAValidPatternWithoutALoneApostrophe(String bundle) {
        for (String file : new String[] {bundle + ".properties", bundle + "_fr.properties"}) {
            Properties messages = load("messages/" + file);
            for (String key : messages.stringPropertyNames()) {
                String pattern = messages.getProperty(key);
                assertThat(pattern.replace("''", "")).as(file + " " + key + ": write an apostrophe as ''")
                        .doesNotContain("'");
                new MessageFormat(pattern, Locale.ROOT);
            }
        }
    }

    private static Properties load(String path) {
        Properties properties = new Properties();
        try (InputStream in = MessageBundlesTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(path, e);
        }
        return properties;
    }
}
