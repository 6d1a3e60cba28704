package org.ristourne.broker.operator.accounts;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Operators' passwords: stored as bcrypt hashes (a {@code DelegatingPasswordEncoder}'s, as customers' are), since
 * the table can leak like any other; but a script calls the stateless operator API many times a second, and bcrypt's
 * 100 ms of CPU on every call took 30 % of a node during a replay (docs/performance.md). So a password that matched
 * once is remembered in this process as an HMAC under a key made up at start-up and never written anywhere: later
 * calls with it cost a microsecond, a wrong password still costs the full bcrypt (and counts towards the throttles),
 * and a changed hash (a new password) misses the memory.
 */
public final class OperatorPasswords implements PasswordEncoder {

    private static final int REMEMBERED = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PasswordEncoder stored = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final SecretKeySpec key;
    private final Map<String, byte[]> matched = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > REMEMBERED;
        }
    });

    public OperatorPasswords() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** A new password: 24 random characters of the URL-safe alphabet (144 bits). */
    public static String generate() {
        byte[] random = new byte[18];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return stored.encode(rawPassword);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null || encodedPassword == null || encodedPassword.isEmpty()) {
            return false;
        }
        byte[] mac = mac(rawPassword);
        byte[] remembered = matched.get(encodedPassword);
        if (remembered != null && MessageDigest.isEqual(remembered, mac)) {
            return true;
        }
        if (!stored.matches(rawPassword, encodedPassword)) {
            return false;
        }
        matched.put(encodedPassword, mac);
        return true;
    }

    private byte[] mac(CharSequence text) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(key);
            return hmac.doFinal(text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}
