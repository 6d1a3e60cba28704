package org.ristourne.broker.operator;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operator API's credentials. Set {@code RISTOURNE_OPERATOR_PASSWORD} in every real deployment; without it the
 * broker makes up a password at start-up and logs it, which is only fit for a first look on one's own machine.
 */
@ConfigurationProperties("ristourne.operator")
public record OperatorProperties(
        @DefaultValue("operator") String username,
        @DefaultValue("") String password) {
}
