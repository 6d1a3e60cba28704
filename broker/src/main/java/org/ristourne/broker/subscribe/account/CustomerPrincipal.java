package org.ristourne.broker.subscribe.account;

import java.util.List;
import org.ristourne.broker.api.CustomerId;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

/**
 * A signed-in customer. Pages take the customer from here and never from a URL, so no id in a request can reach
 * another customer's data. Kept in the shared session, hence serializable (as {@link User} is).
 */
public class CustomerPrincipal extends User {

    public static final String ROLE = "CUSTOMER";
    private static final long serialVersionUID = 1L;

    private final String customerId;
    private final String displayName;

    CustomerPrincipal(CustomerAccount account, boolean nonLocked) {
        super(account.email(), account.passwordHash(), true, true, true, nonLocked,
                List.of(new SimpleGrantedAuthority("ROLE_" + ROLE)));
        this.customerId = account.customerId().value();
        this.displayName = account.displayName();
    }

    public CustomerId customerId() {
        return new CustomerId(customerId);
    }

    public String displayName() {
        return displayName;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CustomerPrincipal principal && principal.customerId.equals(customerId);
    }

    @Override
    public int hashCode() {
        return customerId.hashCode();
    }
}
