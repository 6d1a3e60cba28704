package org.ristourne.broker.api;

/**
 * A command broke a business rule. The {@code code} is stable: it becomes the problem type a caller sees
 * ({@code /problems/<code>}) and the label of the refusal metric, so it never changes once published.
 */
public class RuleViolation extends RuntimeException {

    private final String code;

    public RuleViolation(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
