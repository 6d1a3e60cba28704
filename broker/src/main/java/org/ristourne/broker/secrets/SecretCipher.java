package org.ristourne.broker.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts a secret for storage with AES-256-GCM: a random 96-bit nonce per value, the row's id as associated data
 * (so a value copied into another row no longer decrypts), and the key's id in the stored string, so that values
 * written under an older key stay readable while it is still configured. Stored form:
 * {@code v1:<key-id>:<base64 of nonce, ciphertext and tag>}.
 *
 * <p>No message of this class ever contains a key or a secret, not even a part of one.
 */
public final class SecretCipher {

    static final String VERSION = "v1";
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, SecretKey> keys;
    private final String currentKeyId;

    /**
     * @param keys         key id to 32 bytes in base64; every id that stored values may name
     * @param currentKeyId the key new values are written with
     * @throws IllegalArgumentException naming the faulty setting, never its value
     */
    public SecretCipher(Map<String, String> keys, String currentKeyId) {
        Map<String, SecretKey> decoded = new LinkedHashMap<>();
        keys.forEach((id, base64) -> decoded.put(id, key(id, base64)));
        if (!decoded.containsKey(currentKeyId)) {
            throw new IllegalArgumentException("ristourne.secrets.current-key-id names no key of ristourne.secrets.keys"
                    + " (configured ids: " + decoded.keySet() + ")");
        }
        this.keys = Map.copyOf(decoded);
        this.currentKeyId = currentKeyId;
    }

    private static SecretKey key(String id, String base64) {
        if (!KEY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a key id of ristourne.secrets.keys must be 1 to 32 letters, digits,"
                    + " '-' or '_'");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            // the decoder's message quotes the offending character: a piece of the key
            throw new IllegalArgumentException("ristourne.secrets.keys." + id + " is not base64");
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalArgumentException("ristourne.secrets.keys." + id + " must be " + KEY_BYTES
                    + " bytes in base64 (e.g. openssl rand -base64 32)");
        }
        return new SecretKeySpec(bytes, "AES");
    }

    public String currentKeyId() {
        return currentKeyId;
    }

    /** {@code secret} encrypted under the current key, bound to {@code rowId}. */
    public String encrypt(String secret, String rowId) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(rowId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] stored = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
            return VERSION + ":" + currentKeyId + ":" + Base64.getEncoder().encodeToString(stored);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /**
     * The secret {@link #encrypt} stored for {@code rowId}.
     *
     * @throws SecretUnreadable when the value is not in the stored form, names a key that is not configured, or was
     *                          altered, written for another row, or under another key of the same id
     */
    public String decrypt(String stored, String rowId) {
        String[] parts = stored.split(":", 3);
        if (parts.length != 3 || !parts[0].equals(VERSION)) {
            throw new SecretUnreadable("the stored secret of " + rowId + " is not encrypted (" + VERSION
                    + ":<key-id>:…)");
        }
        SecretKey key = keys.get(parts[1]);
        if (key == null) {
            throw new SecretUnreadable("the stored secret of " + rowId + " is encrypted with key '" + parts[1]
                    + "', which ristourne.secrets.keys does not have (configured ids: " + keys.keySet() + ")");
        }
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new SecretUnreadable("the stored secret of " + rowId + " is not valid base64");
        }
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SecretUnreadable("the stored secret of " + rowId + " is too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(rowId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new SecretUnreadable("the stored secret of " + rowId + " fails its integrity check: altered, copied"
                    + " from another row, or key '" + parts[1] + "' is not the key it was written with");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /** Whether {@code stored} is already in the stored form under the current key: a rewrite would change nothing. */
    public boolean isCurrent(String stored) {
        return stored.startsWith(VERSION + ":" + currentKeyId + ":");
    }

    /** Whether {@code stored} is in the stored form at all (under any key), rather than a plain-text secret. */
    public static boolean isEncrypted(String stored) {
        return stored.startsWith(VERSION + ":");
    }

    /** A fresh random key in the form {@code ristourne.secrets.keys} takes. */
    public static String newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    @Override
    public String toString() {
        return "SecretCipher[current key " + currentKeyId + ", keys " + keys.keySet() + "]";
    }
}
