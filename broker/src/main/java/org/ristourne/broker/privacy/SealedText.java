package org.ristourne.broker.privacy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.ristourne.broker.api.CustomerId;

/**
 * The sealed form of personal text in events: {@code pd1:<base64 of nonce, ciphertext and tag>}, AES-256-GCM under
 * the customer's own key with the customer's id as associated data (a value copied into another customer's event
 * does not open), or {@code pd1:-} when it was withheld because the customer was already erased. The marker lets
 * events written before sealing existed still read as they are.
 */
public final class SealedText {

    public static final String MARKER = "pd1:";
    static final String WITHHELD = MARKER + "-";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SealedText() {
    }

    public static boolean isSealed(String stored) {
        return stored.startsWith(MARKER);
    }

    static SecretKey newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return new SecretKeySpec(key, "AES");
    }

    static SecretKey key(byte[] bytes) {
        if (bytes.length != KEY_BYTES) {
            throw new IllegalArgumentException("a customer data key has " + KEY_BYTES + " bytes");
        }
        return new SecretKeySpec(bytes, "AES");
    }

    static String seal(SecretKey key, CustomerId customer, String text) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(customer.value().getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(text.getBytes(StandardCharsets.UTF_8));
            return MARKER + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /** The clear text, or empty when {@code stored} was withheld, is malformed, or was not sealed with this key. */
    static Optional<String> open(SecretKey key, CustomerId customer, String stored) {
        if (!isSealed(stored) || stored.equals(WITHHELD)) {
            return Optional.empty();
        }
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(stored.substring(MARKER.length()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(customer.value().getBytes(StandardCharsets.UTF_8));
            return Optional.of(new String(cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES),
                    StandardCharsets.UTF_8));
        } catch (AEADBadTagException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }
}
