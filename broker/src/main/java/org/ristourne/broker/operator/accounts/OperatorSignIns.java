package org.ristourne.broker.operator.accounts;

import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.subscribe.account.SignInThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * How operators sign in, by name and password: on the page form (web.PageSignIns, which counts failures itself) and
 * with HTTP Basic on the operator API ({@link #basicAuthentication()}). Failures in a row lock the account on every
 * node as customers' do (SignInLocks), and count against the caller's address on this node (SignInThrottle, shared
 * with the page form); a disabled account is refused like a wrong password.
 */
@Component
public class OperatorSignIns {

    private static final Logger log = LoggerFactory.getLogger(OperatorSignIns.class);

    private final OperatorAccounts accounts;
    private final SignInThrottle throttle;
    private final Clock clock;
    private final OperatorPasswords passwords = new OperatorPasswords();
    private final DaoAuthenticationProvider provider;

    OperatorSignIns(OperatorAccounts accounts, SignInThrottle throttle, Clock clock) {
        this.accounts = accounts;
        this.throttle = throttle;
        this.clock = clock;
        this.provider = new DaoAuthenticationProvider(userDetails());
        provider.setPasswordEncoder(passwords);
    }

    /** For the page form, whose failure handler records failures (per address and per account) itself. */
    public AuthenticationProvider provider() {
        return provider;
    }

    /** The operator API's: each failure counts against the account and the caller's address. */
    public AuthenticationManager basicAuthentication() {
        return authentication -> {
            try {
                Authentication signedIn = provider.authenticate(authentication);
                succeeded(signedIn);
                return signedIn;
            } catch (AuthenticationException failure) {
                String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                        ? details.getRemoteAddress() : "unknown";
                throttle.failed(address);
                failed(authentication.getName());
                log.info("Failed operator API sign-in from {}: {}", address, failure.getClass().getSimpleName());
                throw failure;
            }
        };
    }

    public UserDetailsService userDetails() {
        return name -> accounts.byName(normalized(name))
                .map(account -> new OperatorPrincipal(account, !account.isLockedAt(clock.instant())))
                .orElseThrow(() -> new UsernameNotFoundException("no operator of this name"));
    }

    public String hash(String password) {
        return passwords.encode(password);
    }

    public void failed(@Nullable String name) {
        if (name != null && !name.isBlank()) {
            accounts.recordFailure(normalized(name), clock.instant());
        }
    }

    /** Names are stored lower-case; the form's field may not be. */
    static String normalized(String name) {
        return name.strip().toLowerCase(java.util.Locale.ROOT);
    }

    public void succeeded(Authentication authentication) {
        if (authentication.getPrincipal() instanceof OperatorPrincipal operator && operator.hadFailures()) {
            accounts.recordSuccess(operator.getUsername());
        }
    }
}
