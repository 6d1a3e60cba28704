package org.ristourne.broker.report.vendorwebhook;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.RuleViolation;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.report.deliverylog.VendorDeliveryLog;
import org.ristourne.broker.support.FailedAttemptThrottle;
import org.ristourne.broker.support.Problems;
import org.ristourne.broker.support.StoreUnavailable;
import org.ristourne.broker.vendor.WebhookSecrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The vendors' webhook: {@code POST /webhooks/vendors/{vendorId}} with a Standard Webhooks signature. Checks run from
 * the cheapest to the dearest (the vendor id's and the signature headers' shapes and lengths, media type, vendor,
 * size, signature, rate, JSON with every field's limits, rules), so no input reaches the database before it is known
 * to fit, and each refusal has its own status and stable problem type. Nothing is stored unless the report is
 * recorded; a refusal leaves a log line and a metric, and, once the signature has passed, a row in the vendor's
 * delivery log (which holds no business state). A refusal before the signature has passed counts against the
 * request's source ({@link FailedAttemptThrottle}), which web.WebSecurity checks before this controller is reached.
 */
@RestController
class VendorWebhookController {

    private static final Logger log = LoggerFactory.getLogger(VendorWebhookController.class);
    /** Set once the signature has passed: only then does a refusal go to the vendor's delivery log. */
    private static final String SIGNED = VendorWebhookController.class.getName() + ".signed";

    /** Refusals not written to the delivery log, and why. */
    private static final Set<String> NOT_LOGGED = Set.of(
            // the rate limit protects the store: a row per throttled request would write at the flood's own rate
            "rate-limited",
            // the store is what failed: writing to it again would only wait on it a second time
            "store-unavailable");

    private record Signed(VendorId vendor, String webhookId, String eventType) {
    }

    private final WebhookSecrets secrets;
    private final VendorSignatureVerifier signatures;
    private final VendorRateLimiter rateLimiter;
    private final VendorReportIntake intake;
    private final IntakeProperties properties;
    private final MeterRegistry meters;
    private final VendorDeliveryLog deliveries;
    private final FailedAttemptThrottle failedAttempts;
    private final VendorReportParser parser = new VendorReportParser();

    VendorWebhookController(WebhookSecrets secrets, VendorSignatureVerifier signatures, VendorRateLimiter rateLimiter,
                            VendorReportIntake intake, IntakeProperties properties, MeterRegistry meters,
                            VendorDeliveryLog deliveries, FailedAttemptThrottle failedAttempts) {
        this.deliveries = deliveries;
        this.failedAttempts = failedAttempts;
        this.secrets = secrets;
        this.signatures = signatures;
        this.rateLimiter = rateLimiter;
        this.intake = intake;
        this.properties = properties;
        this.meters = meters;
    }

    @PostMapping("/webhooks/vendors/{vendorId}")
    ResponseEntity<Map<String, Object>> receive(@PathVariable String vendorId, HttpServletRequest request)
            throws IOException {
        VendorId vendor = wellFormed(vendorId);
        Map<String, List<String>> headers = VendorSignatureVerifier.headers(request::getHeader);
        requireJson(request.getContentType());
        List<String> validSecrets = secretsOfKnown(vendor);
        String body = utf8(readAtMost(request, properties.maxBodyBytes()));
        signatures.verify(vendor, validSecrets, body, headers);
        String webhookId = headers.get(VendorSignatureVerifier.ID).get(0);
        request.setAttribute(SIGNED, new Signed(vendor, webhookId, VendorDeliveryLog.OTHER));
        if (!rateLimiter.tryAcquire(vendor)) {
            throw new IntakeRejection(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                    "more than " + properties.ratePerSecond() + " reports per second; retry later");
        }
        VendorReport report = parser.parse(body);
        request.setAttribute(SIGNED, new Signed(vendor, webhookId, IntakeRecorder.eventType(report)));
        IntakeRecorder.Outcome outcome;
        try {
            outcome = intake.receive(vendor, webhookId, VendorReportParser.sha256(body), report);
        } catch (RuleViolation violation) {
            HttpStatus status = "vendor-suspended".equals(violation.code()) ? HttpStatus.FORBIDDEN
                    : HttpStatus.UNPROCESSABLE_CONTENT;
            throw new IntakeRejection(status, violation.code(), violation.getMessage());
        }
        meters.counter("ristourne.intake.accepted", "vendor", vendor.value(), "result", outcome.result()).increment();
        log.debug("Vendor {} report {} ({}): {} {}", vendor, webhookId, report.getClass().getSimpleName(),
                outcome.status().value(), outcome.result());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", outcome.result());
        answer.put("saleId", outcome.saleId());
        return ResponseEntity.status(outcome.status()).body(answer);
    }

    private static VendorId wellFormed(String vendorId) {
        try {
            return new VendorId(vendorId);
        } catch (IllegalArgumentException e) {
            // not even a well-formed vendor id: as unknown as any other
            throw unknown(vendorId.length() > 63 ? vendorId.substring(0, 63) + "…" : vendorId);
        }
    }

    /** The vendor's secrets that verify now, looked up with the vendor itself: unknown vendors end here. */
    private List<String> secretsOfKnown(VendorId vendor) {
        return secrets.validSecretsOfVendor(vendor).orElseThrow(() -> unknown(vendor.value()));
    }

    private static IntakeRejection unknown(String vendorId) {
        return new IntakeRejection(HttpStatus.NOT_FOUND, "unknown-vendor", "no vendor '" + vendorId
                + "' (vendor ids are 2 to 63 lowercase letters, digits and dashes)");
    }

    private static void requireJson(String contentType) {
        try {
            if (contentType != null) {
                MediaType type = MediaType.parseMediaType(contentType);
                // Exactly JSON: a wildcard (*/*, application/*) says the sender does not know what it sends.
                boolean json = "application".equals(type.getType())
                        && ("json".equals(type.getSubtype()) || "json".equals(type.getSubtypeSuffix()));
                if (json && (type.getCharset() == null || StandardCharsets.UTF_8.equals(type.getCharset()))) {
                    return;
                }
            }
        } catch (IllegalArgumentException e) {
            // unreadable content type or charset name (InvalidMediaTypeException, IllegalCharsetNameException,
            // UnsupportedCharsetException): refused below
        }
        throw new IntakeRejection(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                "reports must be sent as application/json in UTF-8, not '" + contentType + "'");
    }

    private static byte[] readAtMost(HttpServletRequest request, int limit) throws IOException {
        if (request.getContentLengthLong() > limit) {
            throw tooLarge(limit);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw tooLarge(limit);
            }
            return body;
        }
    }

    private static IntakeRejection tooLarge(int limit) {
        return new IntakeRejection(HttpStatus.CONTENT_TOO_LARGE, "body-too-large",
                "a report is at most " + limit + " bytes");
    }

    /** The signature covers the raw bytes as UTF-8 text; anything that is not valid UTF-8 is not a report. */
    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw VendorReportParser.malformed("the body is not valid UTF-8");
        }
    }

    @ExceptionHandler(IntakeRejection.class)
    ResponseEntity<ProblemDetail> rejected(IntakeRejection rejection, HttpServletRequest request) {
        String vendor = String.valueOf(request.getAttribute(
                org.springframework.web.servlet.HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> vars
                ? vars.get("vendorId") : "?");
        meters.counter("ristourne.intake.rejected", "code", rejection.code()).increment();
        log.info("Vendor {} report {} refused: {} {} ({})", vendor, webhookIdOf(request),
                rejection.status().value(), rejection.code(), rejection.getMessage());
        if (!(request.getAttribute(SIGNED) instanceof Signed signed)) {
            failedAttempts.failed(request.getRemoteAddr());
        } else if (!NOT_LOGGED.contains(rejection.code())) {
            deliveries.logRefusal(signed.vendor(), signed.webhookId(), signed.eventType(), rejection.status().value(),
                    rejection.code(), rejection.getMessage());
        }
        HttpHeaders headers = new HttpHeaders();
        if (rejection.status() == HttpStatus.TOO_MANY_REQUESTS
                || rejection.status() == HttpStatus.SERVICE_UNAVAILABLE) {
            headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(properties.retryAfterSeconds()));
        }
        return Problems.response(rejection.status(), rejection.code(), rejection.getMessage(), headers);
    }

    /** For the log: the id as sent if it is printable, since the firewall refuses to hand out any other. */
    private static @Nullable String webhookIdOf(HttpServletRequest request) {
        try {
            return request.getHeader(VendorSignatureVerifier.ID);
        } catch (RequestRejectedException e) {
            return "(not printable)";
        }
    }

    /** When the store cannot be reached the vendor must retry later: 503, never a 500 that reads as our bug. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> failed(Exception exception, HttpServletRequest request) throws Exception {
        if (exception instanceof RequestRejectedException) {
            // another header the firewall refused as it was read (the signature headers are checked on their own)
            return rejected(new IntakeRejection(HttpStatus.BAD_REQUEST, "malformed-header",
                    "a header holds control or non-ASCII characters"), request);
        }
        if (!StoreUnavailable.isCause(exception)) {
            log.error("Vendor report {} failed unexpectedly", request.getRequestURI(), exception);
            if (request.getAttribute(SIGNED) instanceof Signed signed) {
                deliveries.logRefusal(signed.vendor(), signed.webhookId(), signed.eventType(),
                        HttpStatus.INTERNAL_SERVER_ERROR.value(), "internal-error",
                        "the report could not be processed; it was not recorded");
            }
            return Problems.response(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                    "the report could not be processed; it was not recorded", new HttpHeaders());
        }
        meters.counter("ristourne.intake.rejected", "code", "store-unavailable").increment();
        log.warn("Vendor report {} not recorded, database unavailable: {}", request.getRequestURI(),
                StoreUnavailable.describe(exception));
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(properties.retryAfterSeconds()));
        return Problems.response(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable",
                // a commit whose answer the database lost may have stored it: the retry then finds it (200)
                "the database could not be reached; retry later with the same webhook-id (a report that was "
                        + "recorded after all is then answered 200 as a repeat)", headers);
    }

}
