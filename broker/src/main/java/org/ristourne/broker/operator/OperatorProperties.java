package org.ristourne.broker.operator;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The first operator account, created on the first start when no account exists yet (operator.accounts
 * .OperatorBootstrap); later starts leave every account as it is. Set {@code RISTOURNE_OPERATOR_PASSWORD} in every real
 * deployment: without it the broker refuses to start, except on the embedded H2 database, where it makes up the
 * password into a file beside the database and never logs it.
 */
@ConfigurationProperties("ristourne.operator")
public record OperatorProperties(
        @DefaultValue("operator") String username,
        @DefaultValue("") String password) {
}
