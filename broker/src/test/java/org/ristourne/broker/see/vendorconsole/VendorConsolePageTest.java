package org.ristourne.broker.see.vendorconsole;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The health figures the delivery log feeds, and the password rule, without a server. */
class VendorConsolePageTest {

    @Test
    void refusalsShowTheirShareAndAtMostThreeReasons() {
        RecentDeliveries.Summary summary = new RecentDeliveries.Summary(40, 3, List.of(
                new RecentDeliveries.Reason("unknown-customer-ref", 1), new RecentDeliveries.Reason("bad-margin", 1),
                new RecentDeliveries.Reason("unsupported-currency", 1), new RecentDeliveries.Reason("other", 1)));

        VendorConsolePage.Refusals refusals = VendorConsolePage.refusals(summary, Locale.ENGLISH);

        assertThat(refusals.percent()).isEqualTo("7.5%");
        assertThat(refusals.reasons()).extracting(RecentDeliveries.Reason::problemType)
                .containsExactly("unknown-customer-ref", "bad-margin", "unsupported-currency");
        assertThat(VendorConsolePage.refusals(new RecentDeliveries.Summary(0, 0, List.of()), Locale.ENGLISH)
                .percent()).isEqualTo("0%");
    }

    @Test
    void percentagesFollowTheLocale() {
        assertThat(VendorConsolePage.percent(2500, Locale.ENGLISH)).isEqualTo("25%");
        assertThat(VendorConsolePage.percent(1250, Locale.FRENCH)).matches("12,5\\h%");
    }

    @Test
    void newPasswordsFollowTheCustomersRule() {
        assertThat(VendorPasswordPage.rule("123456789")).containsExactly("console.password.short");
        assertThat(VendorPasswordPage.rule("1234567890")).isEmpty();
        assertThat(VendorPasswordPage.rule("é".repeat(36))).isEmpty();
        assertThat(VendorPasswordPage.rule("é".repeat(37))).containsExactly("console.password.long");
    }
}
