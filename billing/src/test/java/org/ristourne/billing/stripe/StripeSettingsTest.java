package org.ristourne.billing.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class StripeSettingsTest {

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void noSecretKeyMeansNotConfigured(String key) {
        StripeSettings settings = StripeSettings.of(key, null, null);

        assertThat(settings.isConfigured()).isFalse();
        assertThat(settings.secretKey()).isNull();
        assertThatThrownBy(settings::requireSecretKey).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not configured");
    }

    @Test
    void notConfiguredHasConnectPayoutsOffAndPointsAtStripe() {
        StripeSettings settings = StripeSettings.notConfigured();

        assertThat(settings.isConfigured()).isFalse();
        assertThat(settings.connectPayouts()).isFalse();
        assertThat(settings.apiBase()).isEqualTo(URI.create("https://api.stripe.com"));
    }

    @Test
    void secretKeyMakesItConfiguredWithConnectPayoutsStillOff() {
        StripeSettings settings = StripeSettings.of("sk_test_abc", "whsec_abc", "price_abc");

        assertThat(settings.isConfigured()).isTrue();
        assertThat(settings.canVerifyWebhooks()).isTrue();
        assertThat(settings.connectPayouts()).isFalse();
        assertThat(settings.mode()).isEqualTo("test mode");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pk_test_abc", "whsec_abc", "abc"})
    void aKeyThatIsNotASecretKeyIsRefusedWithoutBeingEchoed(String key) {
        assertThatThrownBy(() -> StripeSettings.of(key, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sk_ or rk_")
                .hasMessageNotContaining(key);
    }

    @Test
    void aWebhookSecretWithoutWhsecPrefixIsRefused() {
        assertThatThrownBy(() -> StripeSettings.of("sk_test_abc", "sk_test_abc", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whsec_");
    }

    @Test
    void aSubscriptionPriceThatIsNotAPriceIdIsRefused() {
        assertThatThrownBy(() -> StripeSettings.of("sk_test_abc", null, "prod_abc"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("price_");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:8080", "ftp://example.org", "http://localhost:8080/v1", "/relative"})
    void anApiBaseThatIsNotABareHttpAddressIsRefused(String base) {
        StripeSettings settings = StripeSettings.of("sk_test_abc", null, null);

        assertThatThrownBy(() -> settings.withApiBase(URI.create(base)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void connectPayoutsWithoutAKeyAreRefused() {
        assertThatThrownBy(() -> StripeSettings.notConfigured().withConnectPayouts(true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Connect");
    }

    @Test
    void zeroTimeoutIsRefused() {
        StripeSettings settings = StripeSettings.of("sk_test_abc", null, null);

        assertThatThrownBy(() -> settings.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringNeverShowsTheSecrets() {
        StripeSettings settings = StripeSettings.of("sk_test_supersecret", "whsec_supersecret", "price_abc");

        assertThat(settings.toString()).doesNotContain("supersecret").contains("configured", "test mode");
    }
}
