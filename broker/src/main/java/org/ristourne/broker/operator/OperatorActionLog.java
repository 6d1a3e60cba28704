package org.ristourne.broker.operator;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import org.ristourne.broker.operator.accounts.OperatorPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One line per change an operator makes, on the API, the actuator or the pages, naming who made it: "Operator alice:
 * POST /operator/vendors answered 201". Reads are not logged. Runs after Spring Security, which has named the caller.
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class OperatorActionLog extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(OperatorActionLog.class);

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)
                || !(path.startsWith("/operator/") || path.startsWith("/operations") || path.startsWith("/actuator"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            Principal caller = request.getUserPrincipal();
            if (caller instanceof Authentication authentication
                    && authentication.getPrincipal() instanceof OperatorPrincipal operator) {
                log.info("Operator {}: {} {} answered {}", operator.getUsername(), request.getMethod(),
                        request.getRequestURI(), response.getStatus());
            }
        }
    }
}
