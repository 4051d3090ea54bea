package io.jenkins.plugins.aigovernance.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/**
 * The plugin's layering (issue 13): governance-core decides everything, and the plugin reaches it through one
 * package, {@code io.jenkins.plugins.aigovernance.engine}, which maps Jenkins objects to engine inputs and hands
 * the engine's records back.
 *
 * <ul>
 * <li>Outside {@code engine/}, plugin classes may use from governance-core only what the engine hands out:
 * records, enums, interfaces and exceptions. The engine's working classes (its readers, loaders, scorers,
 * evaluators, resolvers, the {@code GovernanceEngine} itself) are {@code engine/}'s to call. The uses that
 * predate this rule are listed in {@link #NOT_YET_BEHIND_THE_DOOR}, each with where it is; the list may only
 * shrink.</li>
 * <li>{@code credentials/} does not depend on {@code steps/}.</li>
 * <li>No environment-variable decision outside {@code engine/}: no {@code System.getenv}, no reading of
 * {@code EnvVars} values and no {@code Run.getEnvironment} (steps hand their {@code EnvVars} to
 * {@code engine.JenkinsInputs}, which hands them to the engine's {@code CiEnvironment}).</li>
 * </ul>
 */
@AnalyzeClasses(packages = "io.jenkins.plugins.aigovernance", importOptions = ImportOption.DoNotIncludeTests.class)
class PluginArchitectureTest {

    private static final String CORE = "io.jenkins.plugins.aigovernance.core";

    /**
     * Working classes of governance-core still used outside {@code engine/} when the rule was written, and where.
     * Remove an entry when its last use moves behind {@code engine/}; never add one.
     */
    static final Set<String> NOT_YET_BEHIND_THE_DOOR = Set.of(
            // steps/AiApprovalGateStep, CanaryDecision, AiScopeCheckStep: the questions the blocking steps ask (judging
            // an answer is behind engine.ControllerGates)
            CORE + ".question.Question",
            CORE + ".approval.ApprovalQuestion",
            // credentials/WithAiCredentialsStep, ApplyTokenIssuerAction, config/OidcSigningKey: apply tokens
            CORE + ".approval.ApplyTokenIssuer",
            CORE + ".approval.ApplyTokenSigningKey",
            // config/AiGovernanceConfiguration: form validation of the global default policy
            CORE + ".policy.PolicyLoader",
            // audit/ControllerAuditLog, model/GovernanceProjectAction, model/AuditTrail: the controller's audit log
            CORE + ".audit.AuditLog",
            CORE + ".audit.AuditIndex",
            CORE + ".audit.ChangeEvents",
            // model/GovernanceProjectAction: the project page's figures
            CORE + ".audit.IncidentQuery",
            CORE + ".metrics.MetricsCalculator");

    /** governance-core classes that are not records, enums, interfaces, annotations or exceptions. */
    static final DescribedPredicate<JavaClass> ENGINE_INTERNALS =
            new DescribedPredicate<>("governance-core classes other than records, enums, interfaces and exceptions") {
                @Override
                public boolean test(JavaClass c) {
                    JavaClass top = c;
                    while (top.getEnclosingClass().isPresent() && !isValue(top)) {
                        top = top.getEnclosingClass().get();
                    }
                    return c.getPackageName().startsWith(CORE)
                            && !isValue(c)
                            && !NOT_YET_BEHIND_THE_DOOR.contains(c.getName())
                            && !NOT_YET_BEHIND_THE_DOOR.contains(top.getName());
                }
            };

    private static boolean isValue(JavaClass c) {
        return c.isEnum()
                || c.isInterface()
                || c.isAnnotation()
                || c.isAssignableTo(Record.class)
                || c.isAssignableTo(Throwable.class);
    }

    @ArchTest
    static final ArchRule onlyTheEngineDoorUsesTheEnginesWorkingClasses = noClasses()
            .that()
            .resideInAPackage("io.jenkins.plugins.aigovernance..")
            .and()
            .resideOutsideOfPackages("io.jenkins.plugins.aigovernance.engine..", CORE + "..")
            .should()
            .dependOnClassesThat(ENGINE_INTERNALS)
            .because(
                    "governance-core decides; the plugin reaches it through engine/ and reads the records it hands back");

    @ArchTest
    static final ArchRule credentialsDoNotDependOnSteps = noClasses()
            .that()
            .resideInAPackage("io.jenkins.plugins.aigovernance.credentials..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.jenkins.plugins.aigovernance.steps..");

    /** Calls that read environment variables: {@code System.getenv}, {@code EnvVars} lookups, {@code Run.getEnvironment}. */
    static final DescribedPredicate<JavaMethodCall> READS_THE_ENVIRONMENT =
            new DescribedPredicate<>("read environment variables") {
                @Override
                public boolean test(JavaMethodCall call) {
                    String owner = call.getTargetOwner().getName();
                    String name = call.getName();
                    return (owner.equals("java.lang.System") && name.equals("getenv"))
                            || (call.getTargetOwner().isAssignableTo("hudson.EnvVars")
                                    && Set.of("get", "getOrDefault", "containsKey", "entrySet", "keySet", "values")
                                            .contains(name))
                            || (call.getTargetOwner().isAssignableTo("hudson.model.Run")
                                    && name.equals("getEnvironment"));
                }
            };

    @ArchTest
    static final ArchRule noEnvironmentDecisionsOutsideTheEngineDoor = noClasses()
            .that()
            .resideInAPackage("io.jenkins.plugins.aigovernance..")
            .and()
            .resideOutsideOfPackages("io.jenkins.plugins.aigovernance.engine..", CORE + "..")
            .should()
            .callMethodWhere(READS_THE_ENVIRONMENT)
            .because("which branch, agent or policy applies is the engine's decision (CiEnvironment), not a step's");
}
