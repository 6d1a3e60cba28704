package org.ristourne.broker.report.vendorwebhook;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.EmptyWebhookSecretException;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.VendorId;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.stereotype.Component;

/**
 * Standard Webhooks verification over the raw body, with the reference library: HMAC-SHA256 over
 * {@code id.timestamp.body}, any of the listed signatures, timestamps within 5 minutes. During a secret rotation
 * both secrets are tried.
 */
@Component
class VendorSignatureVerifier {

    static final String ID = "webhook-id";
    static final String TIMESTAMP = "webhook-timestamp";
    static final String SIGNATURE = "webhook-signature";
    /** As docs/api.md promises vendors, and as the delivery log's column holds. */
    static final int MAX_ID = 128;
    /** Unix seconds fit in 19 digits; a vendor may pad them, but not without bound. */
    static final int MAX_TIMESTAMP = 20;
    /** Room for 20 signatures of 47 characters: more than any rotation needs. */
    static final int MAX_SIGNATURES = 1024;

    /**
     * The three signature headers, each present and within its bounds: checked before the vendor is even looked up,
     * so that nothing longer than its column, or not printable, goes further.
     */
    static Map<String, List<String>> headers(UnaryOperator<@Nullable String> request) {
        Map<String, List<String>> headers = new HashMap<>();
        for (String header : List.of(ID, TIMESTAMP, SIGNATURE)) {
            String value;
            try {
                value = request.apply(header);
            } catch (RequestRejectedException e) {
                // Spring Security's firewall checks a header's value when it is read: control or non-ASCII bytes
                throw malformed(header, MAX_SIGNATURES);
            }
            if (value == null || value.isBlank()) {
                throw new IntakeRejection(HttpStatus.UNAUTHORIZED, "missing-signature-headers",
                        "headers webhook-id, webhook-timestamp and webhook-signature are all required");
            }
            headers.put(header, List.of(value));
        }
        requirePrintable(ID, headers.get(ID).get(0), MAX_ID);
        requirePrintable(TIMESTAMP, headers.get(TIMESTAMP).get(0), MAX_TIMESTAMP);
        requirePrintable(SIGNATURE, headers.get(SIGNATURE).get(0), MAX_SIGNATURES);
        return headers;
    }

    private static void requirePrintable(String header, String value, int maxLength) {
        boolean printable = value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
        if (value.length() > maxLength || !printable) {
            throw malformed(header, maxLength);
        }
    }

    private static IntakeRejection malformed(String header, int maxLength) {
        return new IntakeRejection(HttpStatus.BAD_REQUEST, "malformed-header", "header '" + header
                + "' must be at most " + maxLength + " printable ASCII characters");
    }

    /**
     * @param validSecrets the vendor's secrets that verify now
     * @param headers as {@link #headers} returned them
     */
    void verify(VendorId vendorId, List<String> validSecrets, String body, Map<String, List<String>> headers) {
        String failure = "no webhook secret is valid for this vendor";
        for (String secret : validSecrets) {
            try {
                new Webhook(secret).verify(body, headers);
                return;
            } catch (WebhookVerificationException e) {
                failure = e.getMessage();
            } catch (EmptyWebhookSecretException e) {
                throw new IllegalStateException("vendor " + vendorId + " has an empty webhook secret stored", e);
            }
        }
        if (failure.contains("timestamp") || failure.contains("Signature Headers")) {
            throw new IntakeRejection(HttpStatus.UNAUTHORIZED, "stale-timestamp",
                    "webhook-timestamp must be Unix seconds within 5 minutes of now (" + failure + ")");
        }
        throw new IntakeRejection(HttpStatus.UNAUTHORIZED, "invalid-signature",
                "no signature matches a current secret of this vendor");
    }
}
