package org.ristourne.broker.vendor.users;

import java.util.List;
import org.ristourne.broker.api.VendorId;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

/**
 * A signed-in vendor user. The console takes the vendor from here and never from a URL, so no id in a request can
 * reach another vendor's data. Kept in the shared session, hence serializable.
 */
public class VendorPrincipal extends User {

    public static final String ROLE = "VENDOR";
    private static final long serialVersionUID = 1L;

    private final String userId;
    private final String vendorId;
    private final String displayName;

    VendorPrincipal(VendorUser user, boolean nonLocked) {
        super(user.email(), user.passwordHash(), true, true, true, nonLocked,
                List.of(new SimpleGrantedAuthority("ROLE_" + ROLE)));
        this.userId = user.userId();
        this.vendorId = user.vendorId().value();
        this.displayName = user.displayName();
    }

    public String userId() {
        return userId;
    }

    public VendorId vendorId() {
        return new VendorId(vendorId);
    }

    public String displayName() {
        return displayName;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VendorPrincipal principal && principal.userId.equals(userId);
    }

    @Override
    public int hashCode() {
        return userId.hashCode();
    }
}
