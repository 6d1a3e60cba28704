package org.ristourne.broker.operator.accounts;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns the refusal into Spring Boot's "APPLICATION FAILED TO START" block: the message, then what to do. */
public class OperatorCredentialsAnalyzer extends AbstractFailureAnalyzer<OperatorCredentialsMissing> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, OperatorCredentialsMissing cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set RISTOURNE_OPERATOR_PASSWORD in the broker's environment (docker-compose.yml reads it from .env).",
                cause);
    }
}
