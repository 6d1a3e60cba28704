package org.ristourne.broker.subscribe.relationship;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.axonframework.test.matchers.Matchers.predicate;
import static org.ristourne.broker.testing.RuleViolations.violation;

import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ristourne.broker.api.Agreement;
import org.ristourne.broker.api.AgreementTerms;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.CustomerRef;
import org.ristourne.broker.api.RelationshipId;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.relationship.ConsultOffers;
import org.ristourne.broker.api.relationship.EndRelationship;
import org.ristourne.broker.api.relationship.OffersConsulted;
import org.ristourne.broker.api.relationship.OpenRelationship;
import org.ristourne.broker.api.relationship.RelationshipEnded;
import org.ristourne.broker.api.relationship.RelationshipOpened;
import org.ristourne.broker.directory.RelationshipEntry;
import org.ristourne.broker.testing.FakeDirectory;
import org.ristourne.ledger.money.BasisPoints;

class RelationshipFixtureTest {

    private static final VendorId ACME = new VendorId("acme");
    private static final CustomerId ALICE = new CustomerId("cus-alice");
    private static final RelationshipId REL = new RelationshipId("rel-1");
    private static final CustomerRef REF = CustomerRef.random();

    private AggregateTestFixture<Relationship> fixture;
    private FakeDirectory directory;
    private Instant now;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Relationship.class);
        directory = new FakeDirectory();
        fixture.registerInjectableResource(directory);
        now = fixture.currentTime();
    }

    private FakeDirectory acmeAndSubscribedAlice() {
        return directory.vendor(ACME, false, new Agreement(1, now.minus(Duration.ofDays(1)), new AgreementTerms(
                        BasisPoints.of(2000), BasisPoints.of(2500), 14, null, Set.of(Currency.getInstance("EUR")))))
                .customer(ALICE, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
    }

    @Test
    void aSubscribedCustomerOpensARelationshipUnderAFreshPseudonym() {
        acmeAndSubscribedAlice();
        fixture.givenNoPriorActivity()
                .when(new OpenRelationship(REL, ALICE, ACME, now))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        predicate(payload -> payload instanceof RelationshipOpened opened
                                && opened.relationshipId().equals(REL) && opened.customerId().equals(ALICE)
                                && opened.vendorId().equals(ACME) && opened.openedAt().equals(now)
                                && CustomerRef.isWellFormed(opened.customerRef().value())),
                        andNoMore())));
    }

    @Test
    void unknownOrSuspendedVendorsAreRefused() {
        directory.customer(ALICE, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        fixture.givenNoPriorActivity()
                .when(new OpenRelationship(REL, ALICE, ACME, now))
                .expectException(violation("unknown-vendor"));
        directory.vendor(ACME, true);
        fixture.givenNoPriorActivity()
                .when(new OpenRelationship(REL, ALICE, ACME, now))
                .expectException(violation("vendor-suspended"));
    }

    @Test
    void unknownAndUnsubscribedCustomersAreRefused() {
        directory.vendor(ACME, false);
        fixture.givenNoPriorActivity()
                .when(new OpenRelationship(REL, ALICE, ACME, now))
                .expectException(violation("unknown-customer"));
        directory.customer(ALICE, now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        fixture.givenNoPriorActivity()
                .when(new OpenRelationship(REL, ALICE, ACME, now))
                .expectException(violation("customer-not-subscribed"));
    }

    @Test
    void aSecondOpenRelationshipWithTheSameVendorIsRefused() {
        acmeAndSubscribedAlice().relationship(new RelationshipEntry(new RelationshipId("rel-0"), ALICE, ACME,
                CustomerRef.random(), true));
        fixture.givenNoPriorActivity()
                .when(new OpenRelationship(REL, ALICE, ACME, now))
                .expectException(violation("relationship-already-open"));
    }

    @Test
    void theCustomerCanEndTheRelationshipOnce() {
        RelationshipOpened opened = new RelationshipOpened(REL, ALICE, ACME, REF, now);
        fixture.given(opened)
                .when(new EndRelationship(REL, now))
                .expectEvents(new RelationshipEnded(REL, ALICE, ACME, REF, now));
        fixture.given(opened, new RelationshipEnded(REL, ALICE, ACME, REF, now))
                .when(new EndRelationship(REL, now))
                .expectException(violation("relationship-ended"));
    }

    @Test
    void consultingOffersIsRecordedOnlyWhileTheRelationshipIsOpen() {
        RelationshipOpened opened = new RelationshipOpened(REL, ALICE, ACME, REF, now);
        fixture.given(opened)
                .when(new ConsultOffers(REL, now))
                .expectEvents(new OffersConsulted(REL, ACME, now));
        fixture.given(opened, new RelationshipEnded(REL, ALICE, ACME, REF, now))
                .when(new ConsultOffers(REL, now))
                .expectException(violation("relationship-ended"));
    }
}
