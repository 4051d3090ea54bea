package io.jenkins.plugins.aigovernance.core.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code terraform show -json} documents with the sections the resource graph reads, in the shapes Terraform
 * prints them: {@code prior_state.values.root_module} / {@code planned_values.root_module} with {@code resources}
 * and {@code child_modules} (module instances one level deep), {@code resource_changes}, and {@code configuration}
 * with resource expressions' {@code references} and module calls with their inputs.
 */
public final class TerraformGraphFixture {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Resource(String address, String type, ObjectNode values) {
    }

    private final List<Resource> resources = new ArrayList<>();
    private final Map<String, String> changes = new LinkedHashMap<>();
    private final ObjectNode configuration = JSON.createObjectNode();
    private boolean priorState = true;

    /** A resource in state with these attribute values (JSON object text). */
    public TerraformGraphFixture resource(String address, String type, String valuesJson) {
        try {
            resources.add(new Resource(address, type, (ObjectNode) JSON.readTree(valuesJson)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The plan changes this resource ({@code ["update"]}, ...). */
    public TerraformGraphFixture change(String address, String actionsJson) {
        changes.put(address, actionsJson);
        return this;
    }

    /** Leaves {@code prior_state} out (a first apply). */
    public TerraformGraphFixture withoutPriorState() {
        priorState = false;
        return this;
    }

    /** A configuration resource in module {@code module} ({@code null} for the root) whose {@code attribute} references {@code refs}. */
    public TerraformGraphFixture configResource(String module, String local, String attribute, String... refs) {
        ObjectNode m = configModule(module);
        ArrayNode list = m.withArray("resources");
        ObjectNode r = null;
        for (var n : list) {
            if (n.path("address").asText().equals(local)) {
                r = (ObjectNode) n;
            }
        }
        if (r == null) {
            r = list.addObject();
            r.put("address", local).put("mode", "managed").put("type", local.substring(0, local.indexOf('.')))
                    .put("name", local.substring(local.indexOf('.') + 1));
        }
        ArrayNode references = r.with("expressions").with(attribute).withArray("references");
        for (String ref : refs) {
            references.add(ref);
        }
        return this;
    }

    /** A module call {@code name} from the root whose {@code input} references {@code refs}. */
    public TerraformGraphFixture moduleInput(String name, String input, String... refs) {
        ObjectNode call = configuration.with("root_module").with("module_calls").with(name);
        call.put("source", "./modules/" + name);
        ArrayNode references = call.with("expressions").with(input).withArray("references");
        for (String ref : refs) {
            references.add(ref);
        }
        call.with("module");
        return this;
    }

    private ObjectNode configModule(String module) {
        ObjectNode root = configuration.with("root_module");
        if (module == null) {
            return root;
        }
        ObjectNode call = root.with("module_calls").with(module);
        call.put("source", "./modules/" + module);
        return call.with("module");
    }

    private ObjectNode moduleTree() {
        ObjectNode root = JSON.createObjectNode();
        Map<String, ObjectNode> children = new LinkedHashMap<>();
        for (Resource r : resources) {
            ObjectNode holder = root;
            if (r.address().startsWith("module.")) {
                String module = r.address().substring(0, r.address().indexOf('.', 7));
                holder = children.computeIfAbsent(module, k -> JSON.createObjectNode().put("address", k));
            }
            ObjectNode res = holder.withArray("resources").addObject();
            String local = r.address().substring(r.address().startsWith("module.") ? r.address().indexOf('.', 7) + 1 : 0);
            res.put("address", r.address()).put("mode", "managed").put("type", r.type())
                    .put("name", local.substring(local.indexOf('.') + 1)).put("provider_name", "registry.terraform.io/hashicorp/aws")
                    .put("schema_version", 0).set("values", r.values());
            res.putObject("sensitive_values");
        }
        if (!children.isEmpty()) {
            ArrayNode c = root.putArray("child_modules");
            children.values().forEach(c::add);
        }
        return root;
    }

    /** The plan document. */
    public String planJson() {
        ObjectNode plan = JSON.createObjectNode().put("format_version", "1.2").put("terraform_version", "1.9.8");
        plan.putObject("planned_values").set("root_module", moduleTree());
        ArrayNode rc = plan.putArray("resource_changes");
        for (Resource r : resources) {
            String actions = changes.getOrDefault(r.address(), "[\"no-op\"]");
            ObjectNode c = rc.addObject().put("address", r.address()).put("mode", "managed").put("type", r.type())
                    .put("name", r.address().substring(r.address().lastIndexOf('.') + 1))
                    .put("provider_name", "registry.terraform.io/hashicorp/aws");
            try {
                ObjectNode change = c.putObject("change");
                change.set("actions", JSON.readTree(actions));
                change.set("before", r.values());
                change.set("after", r.values());
                change.putObject("after_unknown");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (priorState) {
            ObjectNode prior = plan.putObject("prior_state").put("format_version", "1.0").put("terraform_version", "1.9.8");
            prior.putObject("values").set("root_module", moduleTree());
        }
        plan.set("configuration", configuration.deepCopy());
        return plan.toString();
    }

    /** The state document ({@code terraform show -json} without a plan file). */
    public String stateJson() {
        ObjectNode state = JSON.createObjectNode().put("format_version", "1.0").put("terraform_version", "1.9.8");
        state.putObject("values").set("root_module", moduleTree());
        return state.toString();
    }

    public Path writePlan(Path file) {
        return write(file, planJson());
    }

    public Path writeState(Path file) {
        return write(file, stateJson());
    }

    private static Path write(Path file, String content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
