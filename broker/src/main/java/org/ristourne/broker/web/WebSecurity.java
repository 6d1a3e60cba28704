package org.ristourne.broker.web;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.ristourne.broker.subscribe.account.CustomerPrincipal;
import org.ristourne.broker.subscribe.account.SignInThrottle;
import org.ristourne.broker.support.FailedAttemptThrottle;
import org.ristourne.broker.vendor.users.VendorPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may call what, outside the operator API (operator.OperatorApiSecurity). Deny by default: a page or endpoint
 * added later is closed until it is listed here as public or for customers.
 *
 * <p>Webhooks have a chain of their own, stateless and without CSRF, since each request authenticates by its
 * signature; a source with too many failed attempts is refused first, before anything is looked up
 * ({@link FailedAttemptGate}). Pages sign customers in with a form: sessions in the shared database (Spring Session
 * JDBC), a new session id at sign-in, CSRF tokens on every form, and failed sign-ins throttled per address on this node
 * and per account on all nodes. A browser that is not signed in is sent to the sign-in page; any other client gets a 401 problem.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class WebSecurity {

    private static final Logger log = LoggerFactory.getLogger(WebSecurity.class);

    /** Everything is served by the broker itself: no inline script, no CDN, no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; "
            + "base-uri 'self'; frame-ancestors 'none'";

    /** Spring Security's WebSecurity hands every request its firewall refuses to this handler (see the method). */
    @Bean
    RequestRejectedHandler firewallRefusals(FailedAttemptThrottle failedAttempts, MeterRegistry meters) {
        return new FailedAttemptGate(failedAttempts, meters)::refuseRejected;
    }

    @Bean
    @Order(2)
    SecurityFilterChain webhooks(HttpSecurity http, FailedAttemptThrottle failedAttempts, MeterRegistry meters)
            throws Exception {
        return http
                .securityMatcher("/webhooks/**")
                .addFilterAfter(new FailedAttemptGate(failedAttempts, meters), HeaderWriterFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.POST, "/webhooks/vendors/*").permitAll()
                        .requestMatchers(HttpMethod.POST, "/webhooks/stripe").permitAll()
                        .anyRequest().denyAll())
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(WebSecurity::unauthorized))
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(SecurityHeaders.api())
                .build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain pages(HttpSecurity http, PageSignIns signIns, SignInThrottle throttle) throws Exception {
        LoginUrlAuthenticationEntryPoint signInPage = new LoginUrlAuthenticationEntryPoint("/sign-in");
        MediaTypeRequestMatcher browsers = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
        browsers.setIgnoredMediaTypes(java.util.Set.of(MediaType.ALL));
        AuthenticationEntryPoint entryPoint = DelegatingAuthenticationEntryPoint.builder()
                .addEntryPointFor(signInPage, browsers).defaultEntryPoint(WebSecurity::unauthorized).build();
        AccessDeniedHandler forbidden = new AccessDeniedHandlerImpl();
        AuthenticationTrustResolver signedIn = new AuthenticationTrustResolverImpl();
        // Only a browser's page is worth coming back to after signing in; nothing else gets a session for it.
        HttpSessionRequestCache pagesOnly = new HttpSessionRequestCache();
        pagesOnly.setRequestMatcher(new AndRequestMatcher(PathPatternRequestMatcher.withDefaults()
                .matcher(HttpMethod.GET, "/**"), browsers));
        java.util.Map<String, SavedRequestAwareAuthenticationSuccessHandler> toTheirPages = new java.util.HashMap<>();
        for (String home : PageSignIns.HOMES) {
            SavedRequestAwareAuthenticationSuccessHandler handler = new SavedRequestAwareAuthenticationSuccessHandler();
            handler.setRequestCache(pagesOnly);
            handler.setDefaultTargetUrl(home);
            toTheirPages.put(home, handler);
        }
        return http
                .authenticationManager(signIns.authenticationManager())
                .requestCache(cache -> cache.requestCache(pagesOnly))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, "/", "/sign-in", "/sign-up", "/css/**", "/js/**",
                                "/img/**", "/favicon.ico", "/openapi.yaml").permitAll()
                        .requestMatchers(HttpMethod.POST, "/sign-up").permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/account", "/account/**", "/relationships", "/relationships/**",
                                "/subscribe", "/subscribe/**").hasRole(CustomerPrincipal.ROLE)
                        .requestMatchers("/vendor", "/vendor/**").hasRole(VendorPrincipal.ROLE)
                        .requestMatchers("/operations", "/operations/**").hasAuthority(PageSignIns.OPERATOR_ROLE)
                        .anyRequest().authenticated())
                .formLogin(form -> form
                        .loginPage("/sign-in")
                        .loginProcessingUrl("/sign-in")
                        .usernameParameter("email")
                        .passwordParameter("password")
                        .successHandler((request, response, authentication) -> {
                            signIns.succeeded(authentication);
                            toTheirPages.get(PageSignIns.home(authentication))
                                    .onAuthenticationSuccess(request, response, authentication);
                        })
                        .failureHandler((request, response, failure) -> {
                            throttle.failed(request.getRemoteAddr());
                            signIns.failed(request.getParameter("email"));
                            log.info("Failed sign-in from {}: {}", request.getRemoteAddr(),
                                    failure.getClass().getSimpleName());
                            response.sendRedirect(request.getContextPath()
                                    + (failure instanceof LockedException ? "/sign-in?locked" : "/sign-in?error"));
                        })
                        .permitAll())
                .addFilterBefore(new ThrottledSignIns(throttle), UsernamePasswordAuthenticationFilter.class)
                .csrf(csrf -> csrf.csrfTokenRepository(new NoSessionForRefusedPosts()))
                .logout(logout -> logout.logoutUrl("/sign-out").logoutSuccessUrl("/?signed-out"))
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(entryPoint)
                        // The CSRF check runs before authorization: a caller who is not signed in is sent to sign in
                        // (or told 401) rather than told its missing token is forbidden. The request is not wrapped
                        // yet at that point (getUserPrincipal() is always null there): the security context says who
                        // is signed in, and a signed-in customer's forged form gets its 403.
                        .accessDeniedHandler((request, response, denied) -> {
                            if (denied instanceof CsrfException && !signedIn.isAuthenticated(
                                    SecurityContextHolder.getContext().getAuthentication())) {
                                entryPoint.commence(request, response,
                                        new InsufficientAuthenticationException("sign in first", denied));
                            } else {
                                forbidden.handle(request, response, denied);
                            }
                        }))
                .headers(SecurityHeaders.pages())
                .build();
    }

    private static void unauthorized(HttpServletRequest request, HttpServletResponse response,
                                     org.springframework.security.core.AuthenticationException failure)
            throws IOException {
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"/problems/unauthorized\",\"title\":\"Unauthorized\",\"status\":401,"
                + "\"detail\":\"sign in first, or use the operator API's credentials on /operator\"}");
    }

    /**
     * CSRF tokens in the session, but a state-changing request that arrives without a session (so without a token it
     * could match) is refused without one being made for it: anonymous POST floods leave no session rows behind.
     * Every form is served by a GET, which makes the session and its token first.
     */
    private static final class NoSessionForRefusedPosts implements CsrfTokenRepository {

        private final HttpSessionCsrfTokenRepository sessions = new HttpSessionCsrfTokenRepository();

        @Override
        public CsrfToken generateToken(HttpServletRequest request) {
            return sessions.generateToken(request);
        }

        @Override
        public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
            boolean safe = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
            if (token != null && !safe && request.getSession(false) == null) {
                return;
            }
            sessions.saveToken(token, request, response);
        }

        @Override
        public CsrfToken loadToken(HttpServletRequest request) {
            return sessions.loadToken(request);
        }
    }

    /** Past the per-address limit, a sign-in is refused before its password is looked at. */
    private static final class ThrottledSignIns extends OncePerRequestFilter {

        private final SignInThrottle throttle;

        ThrottledSignIns(SignInThrottle throttle) {
            this.throttle = throttle;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return !("POST".equals(request.getMethod()) && "/sign-in".equals(request.getServletPath()));
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (throttle.allows(request.getRemoteAddr())) {
                chain.doFilter(request, response);
                return;
            }
            log.warn("Sign-in refused: too many failed sign-ins from {}", request.getRemoteAddr());
            response.sendRedirect(request.getContextPath() + "/sign-in?throttled");
        }
    }
}
