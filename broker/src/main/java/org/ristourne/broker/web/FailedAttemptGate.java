package org.ristourne.broker.web;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.ristourne.broker.support.FailedAttemptThrottle;
import org.ristourne.broker.support.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of both webhooks: a source with too many failed attempts is answered 429 here, before Spring MVC (whose
 * flash-map lookup alone would read a session sent along) and before any controller looks up a vendor or a secret,
 * so the flood costs no database query. The log line is the throttle's, once per source and episode.
 */
final class FailedAttemptGate extends OncePerRequestFilter {

    static final String PROBLEM = "too-many-failed-attempts";
    private static final String BODY = "{\"type\":\"" + Problems.TYPE_BASE + PROBLEM + "\",\"title\":\"Too Many "
            + "Requests\",\"status\":429,\"detail\":\"too many requests from this address were refused for a missing "
            + "or wrong signature, an unknown vendor or malformed headers; retry after the time Retry-After gives\"}";

    private final FailedAttemptThrottle throttle;
    private final MeterRegistry meters;

    FailedAttemptGate(FailedAttemptThrottle throttle, MeterRegistry meters) {
        this.throttle = throttle;
        this.meters = meters;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long wait = throttle.secondsToWait(request.getRemoteAddr());
        if (wait == 0) {
            chain.doFilter(request, response);
            return;
        }
        meters.counter("ristourne.intake.rejected", "code", PROBLEM).increment();
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(BODY);
    }
}
