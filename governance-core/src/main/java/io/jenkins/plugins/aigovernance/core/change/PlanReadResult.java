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
 * @param warnings         facts about the plan as a whole that people should see, as sentences (the messages of {@code notes})
 * @param complete         {@code false} when Terraform deferred changes ({@code complete: false}, Terraform 1.8+): the plan does
 *                         not list everything that will change
 * @param errored          {@code true} when Terraform stopped planning with errors ({@code errored: true}): the plan is partial
 * @param notes            the same facts with their kinds ({@link InputNote.Kind#PLAN_INCOMPLETE}, {@link InputNote.Kind#PLAN_ERRORED},
 *                         {@link InputNote.Kind#UNRECOGNIZED_ACTION}), naming the plan
 */
public record PlanReadResult(
        List<ResourceChange> resources,
        InputDigest digest,
        String formatVersion,
        String terraformVersion,
        int resourceCount,
        int unchangedCount,
        int dataSourceCount,
        List<String> warnings,
        boolean complete,
        boolean errored,
        List<InputNote> notes) {

    public PlanReadResult {
        resources = List.copyOf(resources);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** A complete plan without errors. */
    public PlanReadResult(List<ResourceChange> resources, InputDigest digest, String formatVersion, String terraformVersion,
            int resourceCount, int unchangedCount, int dataSourceCount, List<String> warnings) {
        this(resources, digest, formatVersion, terraformVersion, resourceCount, unchangedCount, dataSourceCount, warnings, true, false,
                List.of());
    }

    /** Whether the plan lists every change Terraform will make: complete and without errors. */
    public boolean whole() {
        return complete && !errored;
    }
}
