package org.ristourne.broker.operator.accounts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.operator.OperatorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.env.Environment;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * The first operator account, at start-up, before the broker answers anyone: none is ever made up silently, and no
 * password is ever logged.
 *
 * <ul>
 * <li>An account exists: nothing changes, whatever the configuration says (an operator may have disabled the
 * configured one on purpose; a redeploy must not bring it back or reset its password).</li>
 * <li>None exists and {@code ristourne.operator.password} ({@code RISTOURNE_OPERATOR_PASSWORD}) is set: the account
 * {@code ristourne.operator.username} is created with it.</li>
 * <li>None exists, no password, on the embedded H2 file database (the quick start): a password is made up and
 * written to {@code operator-password} beside the database, readable by its owner only; the log names the file, not
 * the password. Refusing here too would break the one-command quick start on one's own machine, and the file is no
 * weaker than the database next to it, which holds everything the operator can see and has the same owner.</li>
 * <li>Anywhere else (MySQL, MariaDB, an in-memory or remote H2): the broker refuses to start, naming the variable.</li>
 * </ul>
 *
 * Only a broker that serves HTTP needs operators; a process without a web server starts regardless.
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class OperatorBootstrap implements InitializingBean {

    static final String PASSWORD_FILE = "operator-password";
    /** Lower-case, no '@': an operator's name can never be a customer's or vendor user's email on the shared form. */
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private static final Logger log = LoggerFactory.getLogger(OperatorBootstrap.class);

    enum Start { KEEP_ACCOUNTS, CREATE_CONFIGURED, CREATE_GENERATED_IN_FILE, REFUSE }

    private final OperatorAccounts accounts;
    private final OperatorSignIns signIns;
    private final OperatorProperties properties;
    private final Environment environment;
    private final Clock clock;

    OperatorBootstrap(OperatorAccounts accounts, OperatorSignIns signIns, OperatorProperties properties,
                      Environment environment, Clock clock) {
        this.accounts = accounts;
        this.signIns = signIns;
        this.properties = properties;
        this.environment = environment;
        this.clock = clock;
    }

    static Start decide(boolean anyAccount, String configuredPassword, @Nullable Path embeddedDataDirectory) {
        if (anyAccount) {
            return Start.KEEP_ACCOUNTS;
        }
        if (!configuredPassword.isBlank()) {
            return Start.CREATE_CONFIGURED;
        }
        return embeddedDataDirectory == null ? Start.REFUSE : Start.CREATE_GENERATED_IN_FILE;
    }

    /** The directory of an H2 file database ({@code jdbc:h2:file:./data/ristourne}, {@code jdbc:h2:./x}); else null. */
    static @Nullable Path embeddedDataDirectory(@Nullable String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:h2:")) {
            return null;
        }
        String location = jdbcUrl.substring("jdbc:h2:".length()).split(";", 2)[0];
        if (location.startsWith("mem:") || location.startsWith("tcp:") || location.startsWith("ssl:")
                || location.startsWith("zip:")) {
            return null;
        }
        if (location.startsWith("file:")) {
            location = location.substring("file:".length());
        }
        if (location.startsWith("~")) {
            location = System.getProperty("user.home") + location.substring(1);
        }
        if (location.isBlank()) {
            return null;
        }
        Path parent = Path.of(location).toAbsolutePath().normalize().getParent();
        return parent;
    }

    static OperatorCredentialsMissing refusal(String username) {
        return new OperatorCredentialsMissing("No operator account exists yet and RISTOURNE_OPERATOR_PASSWORD is not "
                + "set. Outside the embedded H2 database the broker does not make one up: set RISTOURNE_OPERATOR_PASSWORD "
                + "(ristourne.operator.password) to create the first operator account, '" + username
                + "' (ristourne.operator.username), then start again.");
    }

    @Override
    public void afterPropertiesSet() {
        String username = properties.username().strip();
        if (!NAME.matcher(username).matches()) {
            throw new OperatorCredentialsMissing("ristourne.operator.username must be 1 to 64 lower-case letters, "
                    + "digits, '.', '_' or '-', starting with a letter or digit");
        }
        Path directory = embeddedDataDirectory(environment.getProperty("spring.datasource.url"));
        switch (decide(accounts.any(), properties.password(), directory)) {
            case KEEP_ACCOUNTS -> { }
            case CREATE_CONFIGURED -> {
                if (create(username, properties.password())) {
                    log.info("Operator account '{}' created from RISTOURNE_OPERATOR_PASSWORD", username);
                }
            }
            case CREATE_GENERATED_IN_FILE -> {
                String password = OperatorPasswords.generate();
                Path file = writePasswordFile(directory, password);
                if (!create(username, password)) {
                    deleteQuietly(file);
                } else {
                    log.warn("RISTOURNE_OPERATOR_PASSWORD is not set: operator account '{}' created with a password "
                            + "made up for this embedded database, in {} (readable by you only). Set the variable "
                            + "anywhere but your own machine.", username, file);
                }
            }
            case REFUSE -> throw refusal(username);
        }
    }

    /** False when another node created the first account at the same moment: theirs stands. */
    private boolean create(String username, String password) {
        try {
            accounts.insert(username, signIns.hash(password), clock.instant(), null);
            return true;
        } catch (DuplicateKeyException concurrent) {
            return false;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // Its password opens nothing: the account was created by another node with its own.
        }
    }

    /** Replaces any older file (its account is gone with the database it stood beside); owner-only where POSIX. */
    static Path writePasswordFile(Path directory, String password) {
        Path file = directory.resolve(PASSWORD_FILE);
        try {
            Files.createDirectories(directory);
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
            return file;
        } catch (FileAlreadyExistsException raced) {
            throw new UncheckedIOException("another broker is starting on the same embedded database", raced);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the operator's password to " + file, e);
        }
    }
}
