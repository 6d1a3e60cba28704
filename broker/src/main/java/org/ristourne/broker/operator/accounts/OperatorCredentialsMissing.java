package org.ristourne.broker.operator.accounts;

/** Start-up refused: no operator could ever sign in (OperatorBootstrap). Reported by OperatorCredentialsAnalyzer. */
class OperatorCredentialsMissing extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    OperatorCredentialsMissing(String message) {
        super(message);
    }
}
