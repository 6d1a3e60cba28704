package org.ristourne.broker.operator;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.ristourne.broker.api.RuleViolation;
import org.ristourne.broker.support.Problems;
import org.ristourne.broker.support.StoreUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** The operator API's refusals as RFC 9457 problems, with the same stable types as the vendor webhook. */
@RestControllerAdvice(assignableTypes = {OperatorVendorController.class, OperatorCustomerController.class,
        OperatorPayoutController.class, OperatorCheckoutController.class, OperatorVendorInvoiceController.class,
        OperatorConnectedAccountController.class, OperatorAccountController.class})
class OperatorApiErrors {

    private static final Logger log = LoggerFactory.getLogger(OperatorApiErrors.class);

    @ExceptionHandler(RuleViolation.class)
    ResponseEntity<ProblemDetail> ruleViolation(RuleViolation violation) {
        HttpStatus status = switch (violation.code()) {
            case "vendor-exists", "relationship-already-open", "vendor-already-suspended", "vendor-not-suspended",
                 "offer-already-published", "secret-already-current", "operator-exists", "last-operator",
                 "subscription-still-billed" ->
                    HttpStatus.CONFLICT;
            case "unknown-vendor", "unknown-customer", "unknown-offer", "unknown-operator" -> HttpStatus.NOT_FOUND;
            default -> HttpStatus.UNPROCESSABLE_CONTENT;
        };
        return Problems.response(status, violation.code(), violation.getMessage());
    }

    @ExceptionHandler({IllegalArgumentException.class, HttpMessageNotReadableException.class,
            MethodArgumentTypeMismatchException.class, RequestRejectedException.class})
    ResponseEntity<ProblemDetail> badRequest(Exception exception) {
        return Problems.response(HttpStatus.BAD_REQUEST, "malformed-request", exception.getMessage());
    }

    @ExceptionHandler({AggregateNotFoundException.class, OperatorNotFound.class})
    ResponseEntity<ProblemDetail> notFound(Exception exception) {
        return Problems.response(HttpStatus.NOT_FOUND, "not-found", exception.getMessage());
    }

    /** A unique key caught what two concurrent requests both passed: the later one conflicts. */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> conflict(DataIntegrityViolationException exception) {
        log.info("Operator request conflicted with a concurrent one: {}", exception.getMostSpecificCause().getMessage());
        return Problems.response(HttpStatus.CONFLICT, "conflict", "a concurrent request changed the same thing; reload and retry");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> failed(Exception exception) {
        if (StoreUnavailable.isCause(exception)) {
            log.warn("Operator request failed, database unavailable: {}", StoreUnavailable.describe(exception));
            return Problems.response(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable", "the database is unavailable; retry later");
        }
        log.error("Operator request failed unexpectedly", exception);
        return Problems.response(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "the request failed; nothing was changed");
    }

}
