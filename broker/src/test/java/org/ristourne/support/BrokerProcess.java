package org.ristourne.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A broker running in a JVM of its own, as in production: started from the classes this JVM runs (but no test class,
 * see {@link ProcessBrokerMain}), on the {@code mysql} profile, against a database named by the caller. Tests and
 * benchmarks use it where a node must be killed, or where its own memory is measured.
 */
public final class BrokerProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private BrokerProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * The JVM of a test broker, which lives a minute or two: the quick compiler alone, as in the Dockerfile, with more
     * heap than there so that a slow test machine never fails a test for memory. Never for a benchmark, which measures
     * the Dockerfile's JVM.
     */
    public static final List<String> TEST_JVM = List.of("-XX:TieredStopAtLevel=1", "-Xmx384m", "-XX:+UseSerialGC");

    /**
     * Starts a broker on a free port. {@code jvmOptions} such as {@code -Xmx256m} go to the JVM, {@code properties}
     * become {@code --key=value} arguments; its output goes to {@code target/<name>.log}.
     */
    public static BrokerProcess start(String name, String jdbcUrl, String user, String password, List<String> jvmOptions,
                                      Map<String, String> properties) {
        return start(name, jdbcUrl, user, password, jvmOptions, properties, List.of());
    }

    /**
     * As {@link #start(String, String, String, String, List, Map)}, with test configuration classes of the caller's
     * added to the application (no other test class is: see {@link ProcessBrokerMain}).
     */
    public static BrokerProcess start(String name, String jdbcUrl, String user, String password, List<String> jvmOptions,
                                      Map<String, String> properties, List<Class<?>> extraSources) {
        // No Spring test runs while this process does: the suite's cached contexts should not compete with it.
        IdleSpringContexts.pauseAll();
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        if (!extraSources.isEmpty()) {
            command.add("-D" + ProcessBrokerMain.EXTRA_SOURCES + "=" + String.join(",",
                    extraSources.stream().map(Class::getName).toList()));
        }
        command.add("-cp");
        command.add(classPath());
        command.add(ProcessBrokerMain.class.getName());
        command.add("--spring.profiles.active=mysql");
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        Path log = Path.of("target", name + ".log").toAbsolutePath();
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> environment = builder.environment();
            environment.put("RISTOURNE_DB_URL", jdbcUrl);
            environment.put("RISTOURNE_DB_USER", user);
            environment.put("RISTOURNE_DB_PASSWORD", password);
            environment.put("PORT", Integer.toString(port));
            environment.put("RISTOURNE_OPERATOR_PASSWORD", OperatorClient.PASSWORD);
            environment.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
            // As in the Dockerfile: glibc's per-thread malloc arenas otherwise add 100 MB and more of resident memory.
            environment.putIfAbsent("MALLOC_ARENA_MAX", "2");
            return new BrokerProcess(name, port, builder.start(), log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start broker " + name, e);
        }
    }

    /** Surefire hands the forked JVM a manifest-only jar; the real class path is in its own property. */
    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    public String name() {
        return name;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** Waits until the broker's health answers UP; fails with the tail of its log if it dies or takes too long. */
    public BrokerProcess awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("broker " + name + " exited with " + process.exitValue() + ":\n"
                        + logTail());
            }
            try {
                HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl()
                        + "/actuator/health")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause(Duration.ofMillis(250));
        }
        throw new IllegalStateException("broker " + name + " not healthy within " + timeout + ":\n" + logTail());
    }

    /** Resident memory of the broker's JVM in MiB, from the kernel's own account ({@code VmRSS}). */
    public long residentMemoryMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the memory of broker " + name, e);
        }
        throw new IllegalStateException("no VmRSS for broker " + name);
    }

    /**
     * Kills the node the way a crash or an OOM kill would: no shutdown hook, no graceful release of anything. On Linux
     * {@code destroyForcibly} is SIGKILL, which the exit status confirms (128 + 9), so a node that had already died
     * of something else is not taken for a killed one.
     */
    public void kill() {
        if (!process.isAlive()) {
            throw new IllegalStateException("broker " + name + " was no longer running (exit " + process.exitValue()
                    + "):\n" + logTail());
        }
        process.destroyForcibly();
        if (!waitForExit(Duration.ofSeconds(30))) {
            throw new IllegalStateException("broker " + name + " still running 30 s after SIGKILL");
        }
        if (process.exitValue() != 128 + 9) {
            throw new IllegalStateException("broker " + name + " ended with " + process.exitValue()
                    + ", not by SIGKILL");
        }
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            if (!waitForExit(Duration.ofSeconds(30))) {
                process.destroyForcibly();
                waitForExit(Duration.ofSeconds(10));
            }
        }
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
