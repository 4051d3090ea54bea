package io.jenkins.plugins.aigovernance.core;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The engine's architecture, checked on its compiled production classes (ArchUnit): no Jenkins types, no package
 * cycles, leaf packages that depend on nothing else of the engine, and the front door ({@code core}:
 * {@link GovernanceEngine}) on top. The layering is drawn in {@code docs/architecture.md}.
 */
@AnalyzeClasses(packages = ArchitectureTest.ENGINE, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    static final String ENGINE = "io.jenkins.plugins.aigovernance.core";

    /** The engine is a plain Java library: the Jenkins plugin adapts Jenkins objects to it, never the reverse. */
    @ArchTest
    static void noJenkinsTypes(JavaClasses classes) {
        noClasses().that().resideInAPackage(ENGINE + "..")
                .should().dependOnClassesThat().resideInAnyPackage("hudson..", "jenkins..", "org.kohsuke..", "org.jenkinsci..")
                .because("governance-core holds the rules for every front end and must run without Jenkins")
                .check(classes);
    }

    /** No cycle between the engine's top-level areas ({@code core.canary..} counts as one, with its sub-packages). */
    @ArchTest
    static void noCyclesBetweenAreas(JavaClasses classes) {
        slices().matching(ENGINE + ".(*)..").namingSlices("core.$1")
                .should().beFreeOfCycles()
                .check(classes);
    }

    /** No cycle between any two packages, sub-packages included ({@code core.canary} and {@code core.canary.argo}). */
    @ArchTest
    static void noCyclesBetweenPackages(JavaClasses classes) {
        slices().matching("io.jenkins.plugins.aigovernance.(**)")
                .namingSlices("$1").should().beFreeOfCycles()
                .check(classes);
    }

    /**
     * The root package is the front door: nothing below it reaches back up. Only {@code commit} (the commit-msg
     * hook) and {@code backtest} (policy replay over history), which run the whole front door once per commit,
     * sit above it.
     */
    @ArchTest
    static void frontDoorOnTop(JavaClasses classes) {
        classes().that().resideInAPackage(ENGINE)
                .should().onlyHaveDependentClassesThat().resideInAnyPackage(ENGINE, ENGINE + ".commit..", ENGINE + ".backtest..")
                .because("GovernanceEngine composes the gates; a gate that calls it back would form a cycle")
                .check(classes);
    }

    /** Document reading and its errors are a leaf: every reader uses them, they use no other engine package. */
    @ArchTest
    static void documentIsLeaf(JavaClasses classes) {
        leaf("document").check(classes);
    }

    /** The shared classifications (risk tier, change source) sit below {@code policy} and every gate. */
    @ArchTest
    static void classificationIsLeaf(JavaClasses classes) {
        leaf("classification").check(classes);
    }

    /** The identity model is below {@code policy}, {@code provenance}, {@code approval} and {@code scope}. */
    @ArchTest
    static void identityIsLeaf(JavaClasses classes) {
        leaf("identity").check(classes);
    }

    /** Policy configures detection and scoring; it does not know the code that detects, scores or decides. */
    @ArchTest
    static void policyBelowTheGates(JavaClasses classes) {
        noClasses().that().resideInAPackage(ENGINE + ".policy..")
                .should().dependOnClassesThat().resideInAnyPackage(ENGINE + ".provenance..", ENGINE + ".risk..",
                        ENGINE + ".scope..", ENGINE + ".approval..", ENGINE + ".audit..", ENGINE + ".gate..")
                .check(classes);
    }

    private static ArchRule leaf(String name) {
        String pkg = ENGINE + "." + name;
        return classes().that().resideInAPackage(pkg)
                .should().onlyDependOnClassesThat(resideOutsideOfPackage(ENGINE + "..").or(resideInAPackage(pkg)))
                .because("core." + name + " is a leaf package");
    }
}
