package org.ristourne.broker.operator;

import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CsrfException;

/**
 * Who may call what. Deny by default: every path needs the operator's credentials (HTTP Basic over TLS in
 * production) unless it is listed here as public, so a page or endpoint added later is closed until someone opens it
 * on purpose. Public: the vendor and Stripe webhooks (each authenticates by its signature), the health status (its components and
 * details only for the operator, see application.yml) with the liveness and readiness probes, the info endpoint, the
 * API document and the error page.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class OperatorApiSecurity {

    private static final Logger log = LoggerFactory.getLogger(OperatorApiSecurity.class);
    static final String ROLE = "OPERATOR";

    @Bean
    @Order(1)
    SecurityFilterChain operatorApi(HttpSecurity http) throws Exception {
        return http
                .securityMatcher("/operator/**", "/actuator/**")
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .anyRequest().hasRole(ROLE))
                .httpBasic(Customizer.withDefaults())
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
        BasicAuthenticationEntryPoint askForCredentials = new BasicAuthenticationEntryPoint();
        askForCredentials.setRealmName("Realm");
        AccessDeniedHandler forbidden = new AccessDeniedHandlerImpl();
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.POST, "/webhooks/vendors/*").permitAll()
                        .requestMatchers(HttpMethod.POST, "/webhooks/stripe").permitAll()
                        .requestMatchers(HttpMethod.GET, "/openapi.yaml").permitAll()
                        .requestMatchers("/error").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint(askForCredentials))
                // The CSRF check runs before authentication: a caller without credentials is asked for them (401)
                // rather than told its missing CSRF token is forbidden, as for any other closed path.
                .exceptionHandling(exceptions -> exceptions.accessDeniedHandler((request, response, denied) -> {
                    if (denied instanceof CsrfException && request.getHeader(HttpHeaders.AUTHORIZATION) == null) {
                        askForCredentials.commence(request, response,
                                new InsufficientAuthenticationException("credentials required", denied));
                    } else {
                        forbidden.handle(request, response, denied);
                    }
                }))
                .csrf(csrf -> csrf.ignoringRequestMatchers("/webhooks/vendors/*", "/webhooks/stripe"))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new InProcessSecretEncoder();
    }

    @Bean
    UserDetailsService operators(OperatorProperties properties, PasswordEncoder encoder) {
        String password = properties.password();
        if (password.isBlank()) {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            log.warn("RISTOURNE_OPERATOR_PASSWORD is not set: the operator API password for user '{}' is {} until "
                    + "this broker stops. Set the variable in any shared or production environment.",
                    properties.username(), password);
        }
        return new InMemoryUserDetailsManager(User.withUsername(properties.username())
                .password(encoder.encode(password)).roles(ROLE).build());
    }
}
