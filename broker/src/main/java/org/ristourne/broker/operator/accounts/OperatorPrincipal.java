package org.ristourne.broker.operator.accounts;

import java.util.List;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

/** A signed-in operator, by name: the name every log line of their actions carries. Kept in page sessions. */
public class OperatorPrincipal extends User {

    public static final String ROLE = "OPERATOR";
    private static final long serialVersionUID = 1L;

    private final boolean hadFailures;

    OperatorPrincipal(OperatorAccount account, boolean nonLocked) {
        super(account.name(), account.passwordHash(), !account.disabled(), true, true, nonLocked,
                List.of(new SimpleGrantedAuthority("ROLE_" + ROLE)));
        this.hadFailures = account.failedSignIns() > 0 || account.lockedUntil() != null;
    }

    /** Whether a success has failures to clear: most sign-ins (every operator API call) then write nothing. */
    boolean hadFailures() {
        return hadFailures;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OperatorPrincipal principal && principal.getUsername().equals(getUsername());
    }

    @Override
    public int hashCode() {
        return getUsername().hashCode();
    }
}
