package org.ristourne.support.logs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ristourne.support.OperatorClient;

/**
 * Looks through log files for anything shaped like a secret: webhook signing secrets, Stripe keys, HTTP Basic
 * credentials, and the exact secrets the tests configure (the operator's password, the stored secrets' keys). A hit
 * is reported by file, line and kind, never with the secret itself, so the report can be printed.
 */
public final class LogSecretScanner {

    public record Hit(Path file, long line, String kind) {

        @Override
        public String toString() {
            return file + ":" + line + ": " + kind;
        }
    }

    public record Report(int files, long lines, List<Hit> hits) {

        /**
         * Why the scan fails, or nothing: a secret found, or, when tests ran, no log line at all to look through (a
         * scan of nothing proves nothing).
         */
        public List<String> failures(boolean testsRan) {
            List<String> failures = new ArrayList<>();
            if (testsRan && lines == 0) {
                failures.add("tests ran, yet no log line was found to scan: is logback-test.xml still writing to"
                        + " target/test-logs?");
            }
            hits.forEach(hit -> failures.add("secret in a log: " + hit));
            return failures;
        }
    }

    private final Map<String, Pattern> shapes;

    public LogSecretScanner(Map<String, Pattern> shapes) {
        this.shapes = Map.copyOf(shapes);
    }

    /** The shapes every secret of this code base has, and the literal secrets the tests use. */
    public static LogSecretScanner forThisBuild() {
        Map<String, Pattern> shapes = new LinkedHashMap<>();
        shapes.put("a webhook signing secret", Pattern.compile("whsec_[A-Za-z0-9+/]{16,}"));
        shapes.put("a Stripe secret or restricted key", Pattern.compile("\\b[sr]k_(test|live)_[A-Za-z0-9]{8,}"));
        shapes.put("HTTP Basic credentials", Pattern.compile(
                "(?i)authorization[\"']?\\s*[:=]\\s*[\"']?basic\\s+[A-Za-z0-9+/=]{4,}"));
        literal(shapes, "the test operator password", OperatorClient.PASSWORD);
        literal(shapes, "the test operator's Basic credentials", Base64.getEncoder()
                .encodeToString(("operator:" + OperatorClient.PASSWORD).getBytes(StandardCharsets.UTF_8)));
        testProperties().forEach((name, value) -> {
            if (name.startsWith("ristourne.secrets.keys.")) {
                literal(shapes, "the stored secrets' key " + name, value);
            }
        });
        return new LogSecretScanner(shapes);
    }

    private static void literal(Map<String, Pattern> shapes, String kind, String value) {
        shapes.put(kind, Pattern.compile(Pattern.quote(value)));
    }

    private static Map<String, String> testProperties() {
        try (InputStream in = LogSecretScanner.class.getResourceAsStream("/application.properties")) {
            if (in == null) {
                throw new IllegalStateException("no application.properties of the tests on the class path");
            }
            Properties properties = new Properties();
            properties.load(in);
            Map<String, String> values = new LinkedHashMap<>();
            properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int shapeCount() {
        return shapes.size();
    }

    /** Every {@code *.log} file directly in the given directories (those that exist). */
    public static List<Path> logFilesIn(Path... directories) {
        List<Path> files = new ArrayList<>();
        for (Path directory : directories) {
            if (Files.isDirectory(directory)) {
                try (Stream<Path> listed = Files.list(directory)) {
                    listed.filter(file -> file.getFileName().toString().endsWith(".log") && Files.isRegularFile(file))
                            .sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return files;
    }

    public Report scan(List<Path> files) {
        List<Hit> hits = new ArrayList<>();
        long lines = 0;
        for (Path file : files) {
            // a log may hold bytes that are not UTF-8 (a fuzzed body): replace them rather than stop reading
            try (BufferedReader reader = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file),
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                            .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
                String line;
                long number = 0;
                while ((line = reader.readLine()) != null) {
                    number++;
                    for (Map.Entry<String, Pattern> shape : shapes.entrySet()) {
                        if (shape.getValue().matcher(line).find()) {
                            hits.add(new Hit(file, number, shape.getKey()));
                        }
                    }
                }
                lines += number;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return new Report(files.size(), lines, List.copyOf(hits));
    }
}
