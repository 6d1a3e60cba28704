package org.ristourne.broker.demo;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The demo drives the broker from outside, like an operator and a vendor would: no business code may reach into it,
 * so that turning the demo off (the default) leaves the business flow exactly as it is.
 */
@AnalyzeClasses(packages = "org.ristourne", importOptions = ImportOption.DoNotIncludeTests.class)
class DemoIsolationTest {

    @ArchTest
    static final ArchRule nothingOutsideTheDemoDependsOnIt = noClasses()
            .that().resideOutsideOfPackage("org.ristourne.broker.demo..")
            .should().dependOnClassesThat().resideInAPackage("org.ristourne.broker.demo..");
}
