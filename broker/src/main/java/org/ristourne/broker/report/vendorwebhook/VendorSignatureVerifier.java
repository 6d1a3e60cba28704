package org.ristourne.broker.report.vendorwebhook;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.EmptyWebhookSecretException;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.util.List;
import java.util.Map;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.vendor.WebhookSecrets;
import org.springframework.http.HttpStatus;
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

    private final WebhookSecrets secrets;

    VendorSignatureVerifier(WebhookSecrets secrets) {
        this.secrets = secrets;
    }

    void verify(VendorId vendorId, String body, Map<String, List<String>> headers) {
        for (String header : List.of(ID, TIMESTAMP, SIGNATURE)) {
            List<String> values = headers.get(header);
            if (values == null || values.isEmpty() || values.get(0).isBlank()) {
                throw new IntakeRejection(HttpStatus.UNAUTHORIZED, "missing-signature-headers",
                        "headers webhook-id, webhook-timestamp and webhook-signature are all required");
            }
        }
        String failure = "no webhook secret is valid for this vendor";
        for (String secret : secrets.validSecrets(vendorId)) {
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
