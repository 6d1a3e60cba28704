package org.ristourne.broker.vendor;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ristourne.broker.testing.RuleViolations.violation;

import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ristourne.broker.api.Agreement;
import org.ristourne.broker.api.AgreementTerms;
import org.ristourne.broker.api.OfferId;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.vendor.AgreementAdopted;
import org.ristourne.broker.api.vendor.BillingEmailSet;
import org.ristourne.broker.api.vendor.ChangeAgreement;
import org.ristourne.broker.api.vendor.OfferPublished;
import org.ristourne.broker.api.vendor.OfferWithdrawn;
import org.ristourne.broker.api.vendor.OnboardVendor;
import org.ristourne.broker.api.vendor.PublishOffer;
import org.ristourne.broker.api.vendor.ReinstateVendor;
import org.ristourne.broker.api.vendor.RotateWebhookSecret;
import org.ristourne.broker.api.vendor.SetBillingEmail;
import org.ristourne.broker.api.vendor.SuspendVendor;
import org.ristourne.broker.api.vendor.VendorOnboarded;
import org.ristourne.broker.api.vendor.VendorReinstated;
import org.ristourne.broker.api.vendor.VendorSuspended;
import org.ristourne.broker.api.vendor.WebhookSecretRotated;
import org.ristourne.broker.api.vendor.WithdrawOffer;
import org.ristourne.ledger.money.BasisPoints;
import org.ristourne.ledger.money.Money;

class VendorFixtureTest {

    private static final VendorId ACME = new VendorId("acme");
    private static final Set<Currency> EUR = Set.of(Currency.getInstance("EUR"));
    private static final AgreementTerms TERMS = new AgreementTerms(BasisPoints.of(2000), BasisPoints.of(2500), 14,
            null, EUR);
    private static final AgreementTerms RICHER = new AgreementTerms(BasisPoints.of(3000), BasisPoints.of(2500), 14,
            null, EUR);

    private AggregateTestFixture<Vendor> fixture;
    private Instant onboardedAt;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Vendor.class);
        onboardedAt = fixture.currentTime();
    }

    private VendorOnboarded onboarded() {
        return new VendorOnboarded(ACME, "Acme", "whs-1", onboardedAt);
    }

    private AgreementAdopted firstAgreement() {
        return new AgreementAdopted(ACME, new Agreement(1, onboardedAt, TERMS));
    }

    @Test
    void onboardingAdoptsTheFirstAgreementVersionAtOnboarding() {
        fixture.givenNoPriorActivity()
                .when(new OnboardVendor(ACME, "  Acme ", TERMS, "whs-1", onboardedAt))
                .expectEvents(onboarded(), firstAgreement());
    }

    @Test
    void onboardingNeedsADisplayNameAndASecret() {
        fixture.givenNoPriorActivity()
                .when(new OnboardVendor(ACME, " ", TERMS, "whs-1", onboardedAt))
                .expectException(violation("invalid-vendor"));
        fixture.givenNoPriorActivity()
                .when(new OnboardVendor(ACME, "Acme", TERMS, "", onboardedAt))
                .expectException(violation("invalid-vendor"));
    }

    @Test
    void changingTheAgreementAdoptsTheNextVersionFromThatTime() {
        Instant later = onboardedAt.plus(Duration.ofDays(3));
        fixture.given(onboarded(), firstAgreement())
                .when(new ChangeAgreement(ACME, RICHER, later))
                .expectEvents(new AgreementAdopted(ACME, new Agreement(2, later, RICHER)));
    }

    @Test
    void aBackdatedAgreementIsRefused() {
        fixture.given(onboarded(), firstAgreement())
                .when(new ChangeAgreement(ACME, RICHER, onboardedAt.minusSeconds(1)))
                .expectException(violation("agreement-backdated"));
    }

    @Test
    void aBillingEmailIsSetStrippedAndTheSameOneAgainChangesNothing() {
        Instant at = onboardedAt.plusSeconds(60);
        fixture.given(onboarded(), firstAgreement())
                .when(new SetBillingEmail(ACME, "  billing@acme.example ", at))
                .expectEvents(new BillingEmailSet(ACME, "billing@acme.example", at));
        fixture.given(onboarded(), firstAgreement(), new BillingEmailSet(ACME, "billing@acme.example", at))
                .when(new SetBillingEmail(ACME, "billing@acme.example", at.plusSeconds(1)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(onboarded(), firstAgreement(), new BillingEmailSet(ACME, "billing@acme.example", at))
                .when(new SetBillingEmail(ACME, "accounts@acme.example", at.plusSeconds(1)))
                .expectEvents(new BillingEmailSet(ACME, "accounts@acme.example", at.plusSeconds(1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "acme.example", "@acme.example", "billing@", "billing@acme", "a@b@acme.example",
            "billing@acme..example", "billing@.acme.example", "billing@acme.example.", "bill ing@acme.example",
            "billing@acme.example,boss@acme.example", "billing@acme.example\nBcc: x@y.example", "<b@acme.example>",
            "bïlling@acme.example"})
    void aBillingEmailThatIsNotOnePlainAddressIsRefused(String email) {
        fixture.given(onboarded(), firstAgreement())
                .when(new SetBillingEmail(ACME, email, onboardedAt.plusSeconds(60)))
                .expectException(violation("invalid-billing-email"));
    }

    @Test
    void aBillingEmailLongerThanStripeTakesIsRefused() {
        String local = "b".repeat(64);
        String domain = "d".repeat(254 - 64 - 1 - 8) + ".example";
        fixture.given(onboarded(), firstAgreement())
                .when(new SetBillingEmail(ACME, local + "@" + domain, onboardedAt.plusSeconds(60)))
                .expectSuccessfulHandlerExecution();
        fixture.given(onboarded(), firstAgreement())
                .when(new SetBillingEmail(ACME, local + "@d" + domain, onboardedAt.plusSeconds(60)))
                .expectException(violation("invalid-billing-email"));
        fixture.given(onboarded(), firstAgreement())
                .when(new SetBillingEmail(ACME, local + "b@acme.example", onboardedAt.plusSeconds(60)))
                .expectException(violation("invalid-billing-email"));
    }

    @Test
    void theSameTermsAgainChangeNothing() {
        fixture.given(onboarded(), firstAgreement())
                .when(new ChangeAgreement(ACME, TERMS, onboardedAt.plusSeconds(60)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void rotationKeepsThePreviousSecretForTheOverlap() {
        Instant now = onboardedAt.plusSeconds(60);
        Instant until = now.plus(Duration.ofDays(1));
        fixture.given(onboarded(), firstAgreement())
                .when(new RotateWebhookSecret(ACME, "whs-2", until, now))
                .expectEvents(new WebhookSecretRotated(ACME, "whs-2", "whs-1", until, now));
    }

    @Test
    void rotationOverlapMustBeBetweenNowAndThirtyDays() {
        Instant now = onboardedAt.plusSeconds(60);
        fixture.given(onboarded(), firstAgreement())
                .when(new RotateWebhookSecret(ACME, "whs-2", now.plus(Duration.ofDays(31)), now))
                .expectException(violation("invalid-secret-overlap"));
        fixture.given(onboarded(), firstAgreement())
                .when(new RotateWebhookSecret(ACME, "whs-2", now.minusSeconds(1), now))
                .expectException(violation("invalid-secret-overlap"));
    }

    @Test
    void rotatingToTheCurrentSecretIsRefused() {
        fixture.given(onboarded(), firstAgreement())
                .when(new RotateWebhookSecret(ACME, "whs-1", onboardedAt.plusSeconds(60), onboardedAt))
                .expectException(violation("secret-already-current"));
    }

    @Test
    void suspensionNeedsAReasonAndHappensOnce() {
        fixture.given(onboarded(), firstAgreement())
                .when(new SuspendVendor(ACME, "unpaid invoices", onboardedAt))
                .expectEvents(new VendorSuspended(ACME, "unpaid invoices", onboardedAt));
        fixture.given(onboarded(), firstAgreement())
                .when(new SuspendVendor(ACME, " ", onboardedAt))
                .expectException(violation("suspension-reason-required"));
        fixture.given(onboarded(), firstAgreement(), new VendorSuspended(ACME, "unpaid", onboardedAt))
                .when(new SuspendVendor(ACME, "again", onboardedAt))
                .expectException(violation("vendor-already-suspended"));
    }

    @Test
    void onlyASuspendedVendorCanBeReinstated() {
        fixture.given(onboarded(), firstAgreement(), new VendorSuspended(ACME, "unpaid", onboardedAt))
                .when(new ReinstateVendor(ACME, onboardedAt))
                .expectEvents(new VendorReinstated(ACME, onboardedAt));
        fixture.given(onboarded(), firstAgreement())
                .when(new ReinstateVendor(ACME, onboardedAt))
                .expectException(violation("vendor-not-suspended"));
    }

    @Test
    void publishingAnOfferPutsItInTheCatalogue() {
        Money price = Money.of(8999, "EUR");
        fixture.given(onboarded(), firstAgreement())
                .when(new PublishOffer(ACME, new OfferId("boots"), " Boots ", "Warm", price, onboardedAt))
                .expectEvents(new OfferPublished(ACME, new OfferId("boots"), "Boots", "Warm", price, onboardedAt));
    }

    @Test
    void offersAreRefusedWhenSuspendedDuplicatedOrInvalid() {
        fixture.given(onboarded(), firstAgreement(), new VendorSuspended(ACME, "unpaid", onboardedAt))
                .when(new PublishOffer(ACME, new OfferId("boots"), "Boots", "", null, onboardedAt))
                .expectException(violation("vendor-suspended"));
        fixture.given(onboarded(), firstAgreement(),
                        new OfferPublished(ACME, new OfferId("boots"), "Boots", "", null, onboardedAt))
                .when(new PublishOffer(ACME, new OfferId("boots"), "Boots", "", null, onboardedAt))
                .expectException(violation("offer-already-published"));
        fixture.given(onboarded(), firstAgreement())
                .when(new PublishOffer(ACME, new OfferId("boots"), "", "", null, onboardedAt))
                .expectException(violation("invalid-offer"));
        fixture.given(onboarded(), firstAgreement())
                .when(new PublishOffer(ACME, new OfferId("boots"), "Boots", "", Money.of(-1, "EUR"), onboardedAt))
                .expectException(violation("invalid-offer"));
    }

    @Test
    void onlyAPublishedOfferCanBeWithdrawn() {
        fixture.given(onboarded(), firstAgreement(),
                        new OfferPublished(ACME, new OfferId("boots"), "Boots", "", null, onboardedAt))
                .when(new WithdrawOffer(ACME, new OfferId("boots"), onboardedAt))
                .expectEvents(new OfferWithdrawn(ACME, new OfferId("boots"), onboardedAt));
        fixture.given(onboarded(), firstAgreement())
                .when(new WithdrawOffer(ACME, new OfferId("boots"), onboardedAt))
                .expectException(violation("unknown-offer"));
    }

    @Test
    void agreementTermsRejectHoldsBeyondNinetyDaysAndEmptyCurrencies() {
        assertThatThrownBy(() -> new AgreementTerms(BasisPoints.of(2000), BasisPoints.of(2500), 91, null, EUR))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AgreementTerms(BasisPoints.of(2000), BasisPoints.of(2500), -1, null, EUR))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AgreementTerms(BasisPoints.of(2000), BasisPoints.of(2500), 14, null, Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BasisPoints.of(10_001)).isInstanceOf(IllegalArgumentException.class);
    }
}
