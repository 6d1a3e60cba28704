package org.ristourne.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A MariaDB server of a test's own, a child process on a fresh data directory and a free port, for a test that stops
 * and starts the database: the server the rest of the suite shares must stay up. Root has no password and is
 * reachable over TCP from 127.0.0.1 only. {@link #close()} stops the server and deletes its data directory; a JVM
 * shutdown hook does the same if the test JVM ends first.
 */
public final class MariaDbServerProcess implements AutoCloseable {

    private static final List<Path> SEARCHED = List.of(Path.of("/usr/sbin"), Path.of("/usr/bin"),
            Path.of("/usr/local/bin"), Path.of("/usr/local/mysql/bin"));
    private static final Duration UP_WITHIN = Duration.ofSeconds(60);

    private final String name;
    private final Path directory;
    private final Path log;
    private final int port;
    private final Thread cleanUpOnExit = new Thread(this::close, "mariadbd-clean-up");
    private volatile Process server;

    /** Logs to {@code target/<name>.log}, listens on a port free now. */
    private MariaDbServerProcess(String name, Path directory) {
        this.name = name;
        this.directory = directory;
        this.log = Path.of("target", name + ".log").toAbsolutePath();
        this.port = TcpProxy.freePort();
    }

    /** Whether {@code mariadb-install-db} and {@code mariadbd} are installed, on the PATH or where Debian has them. */
    public static boolean installed() {
        return executable("mariadb-install-db").isPresent() && executable("mariadbd").isPresent();
    }

    /**
     * Creates a data directory in a new temporary directory and starts a server on it, logging to
     * {@code target/<name>.log}.
     */
    public static MariaDbServerProcess install(String name) {
        Path directory;
        try {
            directory = Files.createTempDirectory("ristourne-" + name + "-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a directory for MariaDB " + name, e);
        }
        MariaDbServerProcess mariaDb = new MariaDbServerProcess(name, directory);
        Runtime.getRuntime().addShutdownHook(mariaDb.cleanUpOnExit);
        try {
            mariaDb.installDataDirectory();
            mariaDb.start();
            return mariaDb;
        } catch (RuntimeException failed) {
            mariaDb.close();
            throw failed;
        }
    }

    public int port() {
        return port;
    }

    /** The server's address as Connector/J takes it, without a database. */
    public String serverUrl() {
        return "jdbc:mysql://127.0.0.1:" + port;
    }

    /** Starts the server on its data directory and port and waits until it takes connections. */
    public synchronized void start() {
        if (server != null && server.isAlive()) {
            throw new IllegalStateException("MariaDB " + name + " is already running");
        }
        List<String> command = new ArrayList<>(List.of(executable("mariadbd").orElseThrow().toString(),
                "--no-defaults", "--datadir=" + data(), "--port=" + port, "--bind-address=127.0.0.1",
                "--socket=" + directory.resolve("sock"), "--pid-file=" + directory.resolve("pid"),
                "--skip-name-resolve", "--innodb-buffer-pool-size=64M", "--max-connections=200"));
        asRootIfRoot(command);
        server = run(command, true);
        long deadline = System.nanoTime() + UP_WITHIN.toNanos();
        while (!acceptsConnections()) {
            if (!server.isAlive()) {
                throw new IllegalStateException("MariaDB " + name + " exited with " + server.exitValue() + ", see "
                        + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("MariaDB " + name + " not taking connections within " + UP_WITHIN
                        + ", see " + log);
            }
            pause();
        }
    }

    /** Stops the server as an administrator would (SIGTERM: a clean shutdown) and waits until it has exited. */
    public synchronized void stop() {
        if (server == null || !server.isAlive()) {
            throw new IllegalStateException("MariaDB " + name + " is not running");
        }
        server.destroy();
        if (!waitFor(server, UP_WITHIN)) {
            throw new IllegalStateException("MariaDB " + name + " still running " + UP_WITHIN + " after SIGTERM");
        }
    }

    @Override
    public synchronized void close() {
        Process running = server;
        if (running != null && running.isAlive()) {
            running.destroy();
            if (!waitFor(running, Duration.ofSeconds(30))) {
                running.destroyForcibly();
                waitFor(running, Duration.ofSeconds(10));
            }
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // already gone
        }
        if (Thread.currentThread() != cleanUpOnExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanUpOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to
            }
        }
    }

    private void installDataDirectory() {
        List<String> command = new ArrayList<>(List.of(executable("mariadb-install-db").orElseThrow().toString(),
                "--no-defaults", "--datadir=" + data(), "--auth-root-authentication-method=normal", "--skip-test-db",
                "--skip-name-resolve"));
        asRootIfRoot(command);
        Process install = run(command, false);
        if (!waitFor(install, UP_WITHIN) || install.exitValue() != 0) {
            throw new IllegalStateException("mariadb-install-db failed for " + name + ", see " + log);
        }
    }

    /** mariadbd refuses to run as root unless told to; the data directory is root's then, so no chown is needed. */
    private static void asRootIfRoot(List<String> command) {
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("--user=root");
        }
    }

    private Process run(List<String> command, boolean append) {
        try {
            Files.createDirectories(log.getParent());
            if (!append) {
                Files.deleteIfExists(log);
            }
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0), e);
        }
    }

    private boolean acceptsConnections() {
        try (Connection connection = DriverManager.getConnection(serverUrl() + "/?connectTimeout=1000", "root", "")) {
            return connection.isValid(1);
        } catch (SQLException notYet) {
            return false;
        }
    }

    private Path data() {
        return directory.resolve("data");
    }

    private static Optional<Path> executable(String name) {
        Stream<Path> path = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank()).map(Path::of);
        return Stream.concat(path, SEARCHED.stream()).map(directory -> directory.resolve(name))
                .filter(Files::isExecutable).findFirst();
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
