package org.ristourne.broker.web;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.ristourne.broker.support.FailedAttemptThrottle;
import org.ristourne.broker.support.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.web.firewall.RequestRejectedException;
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

    static final String FIREWALL_PROBLEM = "malformed-request";
    private static final String FIREWALL_BODY = "{\"type\":\"" + Problems.TYPE_BASE + FIREWALL_PROBLEM + "\",\"title\":"
            + "\"Bad Request\",\"status\":400,\"detail\":\"the request has a path or a header value this server "
            + "refuses (an encoded slash, '..', ';' or '//' in the path, control characters in a header); nothing was "
            + "read or stored\"}";
    private static final Logger log = LoggerFactory.getLogger(FailedAttemptGate.class);

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
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait));
        writeProblem(response, HttpStatus.TOO_MANY_REQUESTS, BODY);
    }

    /**
     * Requests Spring Security's firewall refuses before any chain sees them (an encoded slash, "..", ";" or "//" in
     * the path; a header value with control characters, when a filter reads it): its default handler rethrows, which
     * the container answers 500. The client's mistake is answered 400 here, with the headers every JSON answer
     * carries (no chain wrote them), and counts against its source as any other malformed request does. Controllers
     * that read headers themselves turn the firewall's refusal into their own problem (malformed-header).
     */
    void refuseRejected(HttpServletRequest request, HttpServletResponse response, RequestRejectedException refused)
            throws IOException {
        throttle.failed(request.getRemoteAddr());
        meters.counter("ristourne.intake.rejected", "code", FIREWALL_PROBLEM).increment();
        // The firewall's message quotes the refused value, which may be a credential sent in a header: cut it there.
        String reason = String.valueOf(refused.getMessage());
        int quote = reason.indexOf('"');
        log.warn("{} {} from {} refused by the request firewall: {}", request.getMethod(), printablePath(request),
                request.getRemoteAddr(), quote < 0 ? reason : reason.substring(0, quote).strip());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader("Content-Security-Policy", SecurityHeaders.API_CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        writeProblem(response, HttpStatus.BAD_REQUEST, FIREWALL_BODY);
    }

    private static void writeProblem(HttpServletResponse response, HttpStatus status, String body) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(body);
    }

    /**
     * The path only, bounded and printable: it is what the firewall found wrong, so it is not trusted either. Path
     * parameters are cut, since ";jsessionid=…" would put a session id in the log.
     */
    private static String printablePath(HttpServletRequest request) {
        String uri = String.valueOf(request.getRequestURI()).replaceAll(";[^/]*", ";...");
        String bounded = uri.length() > 200 ? uri.substring(0, 200) + "…" : uri;
        return bounded.replaceAll("[^\\x21-\\x7e]", "?");
    }
}
