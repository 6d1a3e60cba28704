package org.ristourne.broker.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The security headers of every answer, whichever chain serves it: pages (and the error page) get the pages' policy,
 * everything that answers JSON (webhooks, operator API, actuator) a policy that allows nothing at all. All of them:
 * no framing, no content sniffing, no referrer beyond what the page needs, and HSTS on requests that came over TLS,
 * directly or at a trusted proxy (X-Forwarded-Proto, see server.forward-headers-strategy in application.yml).
 */
public final class SecurityHeaders {

    /** JSON is never a document to render: nothing may load, nothing may frame it. */
    static final String API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";
    /** A year, every subdomain: what browsers' HSTS preload lists ask for. */
    static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";
    private static final String HSTS_HEADER = "Strict-Transport-Security";

    private SecurityHeaders() {
    }

    /** For the chains that answer JSON: the operator API and actuator, the webhooks. */
    public static Customizer<HeadersConfigurer<HttpSecurity>> api() {
        return headers -> common(headers)
                .contentSecurityPolicy(csp -> csp.policyDirectives(API_CONTENT_SECURITY_POLICY))
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER));
    }

    /** For the pages, whose links to one another may keep their referrer, and nothing else's. */
    static Customizer<HeadersConfigurer<HttpSecurity>> pages() {
        return headers -> common(headers)
                .contentSecurityPolicy(csp -> csp.policyDirectives(WebSecurity.CONTENT_SECURITY_POLICY))
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN));
    }

    /**
     * Spring Security's own HSTS writer also writes only on secure requests, but spells the value
     * "max-age=31536000 ; includeSubDomains"; this one writes the documented value.
     */
    private static HeadersConfigurer<HttpSecurity> common(HeadersConfigurer<HttpSecurity> headers) {
        return headers
                .frameOptions(HeadersConfigurer.FrameOptionsConfig::deny)
                .contentTypeOptions(Customizer.withDefaults())
                .httpStrictTransportSecurity(HeadersConfigurer.HstsConfig::disable)
                .addHeaderWriter(SecurityHeaders::strictTransportSecurity);
    }

    private static void strictTransportSecurity(HttpServletRequest request, HttpServletResponse response) {
        if (request.isSecure() && !response.containsHeader(HSTS_HEADER)) {
            response.setHeader(HSTS_HEADER, STRICT_TRANSPORT_SECURITY);
        }
    }
}
