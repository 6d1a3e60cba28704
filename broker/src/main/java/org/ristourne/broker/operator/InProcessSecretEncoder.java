package org.ristourne.broker.operator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Checks the operator's password by comparing SHA-256 digests in constant time. BCrypt exists to make a stolen
 * table of hashes slow to crack, but this password never leaves the process and its plain text sits in the
 * process's own environment; what BCrypt would cost here is about 100 ms of CPU per request, which lets anyone who
 * sends wrong Basic credentials keep a two-core node busy.
 */
final class InProcessSecretEncoder implements PasswordEncoder {

    @Override
    public String encode(CharSequence rawPassword) {
        return HexFormat.of().formatHex(sha256(rawPassword));
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null || encodedPassword == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(rawPassword), HexFormat.of().parseHex(encodedPassword));
    }

    private static byte[] sha256(CharSequence text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
