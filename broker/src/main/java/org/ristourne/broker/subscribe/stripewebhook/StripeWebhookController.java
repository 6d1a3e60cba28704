package org.ristourne.broker.subscribe.stripewebhook;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.ristourne.billing.api.StripeEventReceived;
import org.ristourne.billing.api.StripeEventRejected;
import org.ristourne.billing.webhook.StripeWebhookVerifier;
import org.ristourne.broker.support.FailedAttemptThrottle;
import org.ristourne.broker.support.Problems;
import org.ristourne.broker.support.StoreUnavailable;
import org.ristourne.broker.support.WriteConflicts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stripe's webhook: {@code POST /webhooks/stripe}. The raw body (bounded) is verified by billing against the
 * {@code Stripe-Signature} header before anything else is read; an event that passes is acted on once
 * ({@link StripeEventIntake}) and answered 200, whatever it did, so Stripe stops sending it. Stripe retries any other
 * answer for up to three days: 400 for a request that is not Stripe's (it will never pass), 503 while Stripe is not
 * configured here or the database cannot store the event. A request refused before its signature passed counts
 * against its source ({@link FailedAttemptThrottle}), which web.WebSecurity checks before this controller is reached.
 */
@RestController
class StripeWebhookController {

    private static final Logger log = LoggerFactory.getLogger(StripeWebhookController.class);
    /** Stripe's events are a few KiB; the same bound as the vendors' webhook. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final String RETRY_AFTER_SECONDS = "60";

    private final ObjectProvider<StripeWebhookVerifier> verifier;
    private final StripeEventIntake intake;
    private final FailedAttemptThrottle failedAttempts;
    private final AtomicBoolean notConfiguredLogged = new AtomicBoolean();

    StripeWebhookController(ObjectProvider<StripeWebhookVerifier> verifier, StripeEventIntake intake,
                            FailedAttemptThrottle failedAttempts) {
        this.verifier = verifier;
        this.intake = intake;
        this.failedAttempts = failedAttempts;
    }

    @PostMapping("/webhooks/stripe")
    ResponseEntity<?> receive(HttpServletRequest request) throws IOException {
        StripeWebhookVerifier verify = verifier.getIfAvailable();
        if (verify == null) {
            if (notConfiguredLogged.compareAndSet(false, true)) {
                log.warn("A Stripe webhook request arrived but no webhook signing secret is configured "
                        + "(RISTOURNE_STRIPE_WEBHOOK_SECRET): answering 503 so that Stripe retries once it is");
            }
            return Problems.response(HttpStatus.SERVICE_UNAVAILABLE, "stripe-not-configured",
                    "Stripe webhooks are not configured on this broker; nothing was recorded", retryAfter());
        }
        String body = utf8(readAtMost(request));
        StripeEventReceived event = verify.verify(body, signatureOf(request));
        StripeEventIntake.Outcome outcome = intake.receive(event);
        log.info("Stripe event {} ({}, {}): {}{}", event.eventId(), event.type(), event.objectId(), outcome.outcome(),
                outcome.duplicate() ? " (delivered again, nothing changed)" : "");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("eventId", event.eventId());
        answer.put("outcome", outcome.outcome());
        answer.put("duplicate", outcome.duplicate());
        return ResponseEntity.ok(answer);
    }

    private static @Nullable String signatureOf(HttpServletRequest request) {
        try {
            return request.getHeader("Stripe-Signature");
        } catch (RequestRejectedException e) {
            // Spring Security's firewall checks a header's value when it is read: control or non-ASCII bytes
            throw new StripeEventRejected("the Stripe-Signature header holds control or non-ASCII characters");
        }
    }

    private static byte[] readAtMost(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            throw new TooLarge();
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new TooLarge();
            }
            return body;
        }
    }

    /** Stripe signs UTF-8 text; bytes that are not UTF-8 cannot be its event. */
    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new StripeEventRejected("the body is not valid UTF-8", e);
        }
    }

    private static final class TooLarge extends RuntimeException {
        TooLarge() {
            super("a Stripe event is at most " + MAX_BODY_BYTES + " bytes", null, false, false);
        }
    }

    @ExceptionHandler(TooLarge.class)
    ResponseEntity<ProblemDetail> tooLarge(TooLarge tooLarge, HttpServletRequest request) {
        failedAttempts.failed(request.getRemoteAddr());
        log.warn("Stripe webhook request refused: {}", tooLarge.getMessage());
        return Problems.response(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", tooLarge.getMessage());
    }

    /** Not Stripe's (or not signed with our secret, or replayed late): nothing is stored, and a retry will not help. */
    @ExceptionHandler(StripeEventRejected.class)
    ResponseEntity<ProblemDetail> rejected(StripeEventRejected rejected, HttpServletRequest request) {
        failedAttempts.failed(request.getRemoteAddr());
        log.warn("Stripe webhook request refused: {}", rejected.getMessage());
        return Problems.response(HttpStatus.BAD_REQUEST, "invalid-stripe-signature", rejected.getMessage());
    }

    /** Stripe retries any answer but 2xx: 503 for a store that is away, 500 (logged) for anything else. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> failed(Exception exception, HttpServletRequest request) {
        if (exception instanceof RequestRejectedException) {
            return rejected(new StripeEventRejected("a header holds control or non-ASCII characters"), request);
        }
        if (StoreUnavailable.isCause(exception) || WriteConflicts.isCause(exception)) {
            log.warn("Stripe event not recorded, database unavailable or busy: {}",
                    StoreUnavailable.describe(exception));
            return Problems.response(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable",
                    "the event could not be stored right now and was not recorded; Stripe will retry", retryAfter());
        }
        log.error("Stripe event failed unexpectedly; not recorded, Stripe will retry", exception);
        return Problems.response(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                "the event could not be processed; it was not recorded", new HttpHeaders());
    }

    private static HttpHeaders retryAfter() {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        return headers;
    }
}
