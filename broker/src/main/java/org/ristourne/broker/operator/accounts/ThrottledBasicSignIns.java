package org.ristourne.broker.operator.accounts;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.ristourne.broker.subscribe.account.SignInThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Past the per-address limit of failed sign-ins (the page form's, SignInThrottle), an operator API call with Basic
 * credentials is refused with 429 before its password is looked at: no bcrypt, no database query. Calls without
 * credentials go on to their 401 (or to the public health endpoints) as before.
 */
public final class ThrottledBasicSignIns extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ThrottledBasicSignIns.class);

    private final SignInThrottle throttle;

    public ThrottledBasicSignIns(SignInThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        return authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (throttle.allows(request.getRemoteAddr())) {
            chain.doFilter(request, response);
            return;
        }
        log.warn("Operator API sign-in refused: too many failed sign-ins from {}", request.getRemoteAddr());
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"/problems/too-many-sign-ins\",\"title\":\"Too Many Requests\","
                + "\"status\":429,\"detail\":\"too many failed sign-ins from this address; try again later\"}");
    }
}
