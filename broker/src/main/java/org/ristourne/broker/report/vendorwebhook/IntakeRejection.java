package org.ristourne.broker.report.vendorwebhook;

import org.springframework.http.HttpStatus;

/**
 * A vendor report refused before anything was stored. The {@code code} is the stable problem type
 * ({@code /problems/<code>}) documented for vendors in docs/api.md.
 */
class IntakeRejection extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    IntakeRejection(HttpStatus status, String code, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
    }

    HttpStatus status() {
        return status;
    }

    String code() {
        return code;
    }
}
