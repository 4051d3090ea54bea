package io.jenkins.plugins.aigovernance.core.scope;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.jenkins.plugins.aigovernance.core.change.FileChange;
import io.jenkins.plugins.aigovernance.core.change.ResourceAction;
import io.jenkins.plugins.aigovernance.core.change.ResourceChange;
import io.jenkins.plugins.aigovernance.core.change.ResourceSource;
import io.jenkins.plugins.aigovernance.core.change.ResourceTrait;
import io.jenkins.plugins.aigovernance.core.gate.ChangeContext;
import io.jenkins.plugins.aigovernance.core.policy.ConditionMatcher;
import io.jenkins.plugins.aigovernance.core.policy.EnvironmentPolicy;
import io.jenkins.plugins.aigovernance.core.risk.RiskAssessment;
import io.jenkins.plugins.aigovernance.core.risk.RiskScorer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code input} document sent to OPA: the change in the Terraform-plan-like shape Rego policies
 * are written against ({@code input.change_source}, {@code input.resource_changes[_].change.actions},
 * {@code input.planned_values}). Documented in docs/opa-input.md.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OpaInput(
        @JsonProperty("change_source") String changeSource,
        @JsonProperty("detected_source") String detectedSource,
        String agent,
        String environment,
        boolean production,
        @JsonProperty("risk_tier") String riskTier,
        @JsonProperty("blast_radius") int blastRadius,
        String fingerprint,
        String base,
        String head,
        String policy,
        List<File> files,
        @JsonProperty("resource_changes") List<Resource> resourceChanges,
        @JsonProperty("planned_values") PlannedValues plannedValues) {

    /** A changed file. {@code status} is add, modify, delete, rename or copy. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record File(String path, @JsonProperty("old_path") String oldPath, String status,
            @JsonProperty("lines_added") int linesAdded, @JsonProperty("lines_deleted") int linesDeleted) {
    }

    /** One {@code resource_changes[]} entry, as in {@code terraform show -json}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Resource(String address, String mode, String type, String name, @JsonProperty("provider_name") String providerName,
            String namespace, String source, List<String> traits, String file, Change change) {
    }

    /** {@code change.actions}: Terraform's action list ({@code ["delete", "create"]} for a replace). */
    public record Change(List<String> actions) {
    }

    /** {@code planned_values.root_module.resources}: resources that exist after the change (values are not known here). */
    public record PlannedValues(@JsonProperty("root_module") Module rootModule) {
    }

    /** A module of planned values. */
    public record Module(List<PlannedResource> resources) {
    }

    /** A planned resource; {@code values} is empty. */
    public record PlannedResource(String address, String mode, String type, String name, @JsonProperty("provider_name") String providerName,
            Map<String, Object> values) {
    }

    /** The input document of a change. */
    public static OpaInput of(ChangeContext ctx, RiskAssessment risk) {
        List<File> files = new ArrayList<>();
        for (FileChange f : ctx.change().files()) {
            files.add(new File(f.path(), f.oldPath(), f.kind().json(), f.linesAdded(), f.linesDeleted()));
        }
        List<Resource> resources = new ArrayList<>();
        List<PlannedResource> planned = new ArrayList<>();
        for (ResourceChange r : new RiskScorer(ctx.policy(), Clock.systemUTC()).classify(ctx.change().resources())) {
            String mode = r.source() == ResourceSource.TERRAFORM && r.action() == ResourceAction.READ ? "data" : "managed";
            resources.add(new Resource(r.address(), mode, r.type(), r.name(), r.provider(), r.namespace(), r.source().json(),
                    r.traits().stream().map(ResourceTrait::json).sorted().toList(), r.file(), new Change(actions(r.action()))));
            if (r.action() != ResourceAction.DELETE) {
                planned.add(new PlannedResource(r.address(), mode, r.type(), r.name(), r.provider(), Map.of()));
            }
        }
        // the canonical name (Identity.clean: case, full width, invisible characters): a Rego rule comparing
        // input.environment == "prod" holds for PROD, ｐｒｏｄ and pro\u200bd as the engine's own rules do
        String env = ctx.environment() == null || ctx.environment().isBlank() || EnvironmentPolicy.canonicalName(ctx.environment()).isEmpty()
                ? ConditionMatcher.UNKNOWN : EnvironmentPolicy.canonicalName(ctx.environment());
        String agent = ctx.provenance().agentId() == null || ctx.provenance().agentId().isBlank() ? ConditionMatcher.UNKNOWN
                : ctx.provenance().agentId();
        return new OpaInput(ctx.effectiveSource().json(), ctx.provenance().source().json(), agent, env, ctx.production(), risk.tier().name(),
                risk.blastRadius(), ctx.fingerprint().value(), ctx.change().base(), ctx.change().head(), ctx.policy().versionLabel(),
                files, resources, new PlannedValues(new Module(planned)));
    }

    /** Terraform's action list for an action. */
    static List<String> actions(ResourceAction a) {
        return a == ResourceAction.REPLACE ? List.of("delete", "create") : List.of(a.json());
    }
}
