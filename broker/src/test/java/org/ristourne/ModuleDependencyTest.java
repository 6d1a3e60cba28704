package org.ristourne;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The modules' dependency direction, as code: ledger knows nothing of the others, billing knows the ledger only, and
 * Stripe is billing's business alone. Maven's module graph already forbids some of this; these rules also catch a
 * package moved into the wrong module and a Stripe import in the broker, which Maven would allow.
 */
@AnalyzeClasses(packages = "org.ristourne", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleDependencyTest {

    @ArchTest
    static final ArchRule ledgerDependsOnNoOtherModule = noClasses()
            .that().resideInAPackage("org.ristourne.ledger..")
            .should().dependOnClassesThat().resideInAnyPackage("org.ristourne.billing..", "org.ristourne.broker..")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule billingDoesNotDependOnBroker = noClasses()
            .that().resideInAPackage("org.ristourne.billing..")
            .should().dependOnClassesThat().resideInAPackage("org.ristourne.broker..")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule onlyBillingTalksToStripe = noClasses()
            .that().resideOutsideOfPackage("org.ristourne.billing..")
            .should().dependOnClassesThat().resideInAPackage("com.stripe..");
}
