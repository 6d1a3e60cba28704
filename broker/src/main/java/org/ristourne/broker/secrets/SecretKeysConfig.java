package org.ristourne.broker.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where the cipher's keys come from: {@code ristourne.secrets.*} when set. Otherwise only the embedded default (an
 * H2 file database) gets a key of its own, generated once into a file beside the database, readable by its owner
 * only: a first look needs no setup, and the key lives and dies with the data it protects. Anywhere else a missing
 * key stops the start, because a key made up there would be lost with the node and every secret with it.
 */
@Configuration(proxyBeanMethods = false)
class SecretKeysConfig {

    static final String EMBEDDED_KEY_FILE = "secrets.key";
    static final String EMBEDDED_KEY_ID = "embedded";
    private static final Logger log = LoggerFactory.getLogger(SecretKeysConfig.class);

    @Bean
    SecretCipher secretCipher(SecretsProperties properties, @Value("${spring.datasource.url:}") String datasourceUrl) {
        return cipherOf(properties, datasourceUrl);
    }

    static SecretCipher cipherOf(SecretsProperties properties, String datasourceUrl) {
        Map<String, String> keys = properties.keys();
        if (keys.isEmpty()) {
            Path directory = embeddedDataDirectory(datasourceUrl).orElseThrow(() -> new IllegalStateException(
                    "No key to encrypt stored secrets with: set ristourne.secrets.keys.<id> (for instance"
                            + " RISTOURNE_SECRETS_KEYS_K1=$(openssl rand -base64 32)) and"
                            + " ristourne.secrets.current-key-id; only the embedded H2 default makes its own key."
                            + " See docs/secrets.md."));
            return new SecretCipher(Map.of(EMBEDDED_KEY_ID, embeddedKey(directory.resolve(EMBEDDED_KEY_FILE))),
                    EMBEDDED_KEY_ID);
        }
        String current = properties.currentKeyId();
        if (current == null || current.isBlank()) {
            if (keys.size() != 1) {
                throw new IllegalStateException("ristourne.secrets.current-key-id must name one of the "
                        + keys.size() + " keys of ristourne.secrets.keys " + keys.keySet());
            }
            current = keys.keySet().iterator().next();
        }
        return new SecretCipher(keys, current);
    }

    /** The directory of an H2 file database ({@code jdbc:h2:file:./data/ristourne;…} or {@code jdbc:h2:./data/x}). */
    static Optional<Path> embeddedDataDirectory(String datasourceUrl) {
        if (!datasourceUrl.startsWith("jdbc:h2:")) {
            return Optional.empty();
        }
        String database = datasourceUrl.substring("jdbc:h2:".length()).split(";", 2)[0];
        if (database.startsWith("file:")) {
            database = database.substring("file:".length());
        } else if (database.matches("^(mem|tcp|ssl|zip|split|nio\\w*|async|retry)?:.*")) {
            return Optional.empty();
        }
        Path parent = Path.of(database.replaceFirst("^~", System.getProperty("user.home"))).toAbsolutePath()
                .getParent();
        return Optional.ofNullable(parent);
    }

    private static String embeddedKey(Path file) {
        try {
            Files.createDirectories(file.getParent());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, SecretCipher.newKey() + "\n", StandardCharsets.US_ASCII);
                log.info("Stored secrets are encrypted with a new key in {} (owner-only): keep it with the database,"
                        + " which is unreadable without it", file);
            } catch (FileAlreadyExistsException e) {
                log.info("Stored secrets are encrypted with the key in {}", file);
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's own permissions are all there is
                Files.writeString(file, SecretCipher.newKey() + "\n", StandardCharsets.US_ASCII);
            }
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read or create the embedded database's secrets key " + file, e);
        }
    }
}
