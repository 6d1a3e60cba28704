package org.ristourne.broker.secrets;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The keys stored secrets are encrypted with. Checked when the cipher is made, not here: a binding failure report
 * would print the value.
 *
 * @param keys         key id to 32 random bytes in base64 ({@code RISTOURNE_SECRETS_KEYS_<ID>}); older keys stay
 *                     listed until every row is rewritten under the current one (docs/secrets.md)
 * @param currentKeyId the key new values are written with; may be left out when there is exactly one key
 */
@ConfigurationProperties("ristourne.secrets")
public record SecretsProperties(@DefaultValue Map<String, String> keys, @Nullable String currentKeyId) {

    @Override
    public String toString() {
        return "SecretsProperties[keys " + keys.keySet() + ", current " + currentKeyId + "]";
    }
}
