package io.jenkins.plugins.aigovernance.core.change;

import java.util.List;

/**
 * What {@link TerraformPlanReader} found in a plan.
 *
 * @param resources        the managed resources the plan creates, updates, replaces or deletes, in plan order;
 *                         data source reads and no-op resources are not listed, only counted
 * @param digest           sha256 of the plan file's bytes ({@code terraform-plan})
 * @param formatVersion    the plan JSON's {@code format_version}
 * @param terraformVersion the Terraform version that wrote the plan, or {@code null}
 * @param resourceCount    entries in {@code resource_changes}, including data sources and no-ops
 * @param unchangedCount   managed resources with action {@code no-op}
 * @param dataSourceCount  data source entries ({@code mode: data}), which are not listed
 * @param warnings         facts about the plan as a whole that people should see (e.g. an incomplete plan)
 */
public record PlanReadResult(
        List<ResourceChange> resources,
        InputDigest digest,
        String formatVersion,
        String terraformVersion,
        int resourceCount,
        int unchangedCount,
        int dataSourceCount,
        List<String> warnings) {

    public PlanReadResult {
        resources = List.copyOf(resources);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}
