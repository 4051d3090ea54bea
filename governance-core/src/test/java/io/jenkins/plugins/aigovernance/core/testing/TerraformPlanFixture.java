package io.jenkins.plugins.aigovernance.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small but real {@code terraform show -json} plan documents for tests: each resource change
 * has the address, type, provider, actions and {@code after} values Terraform prints.
 */
public final class TerraformPlanFixture {

    private final List<String> changes = new ArrayList<>();

    /** Adds a resource change; {@code actions} as Terraform prints them ({@code ["delete","create"]}), {@code after} as JSON. */
    public TerraformPlanFixture change(String address, String type, String actions, String after) {
        String name = address.substring(address.lastIndexOf('.') + 1);
        changes.add("""
                {"address":"%s","mode":"managed","type":"%s","name":"%s","provider_name":"registry.terraform.io/hashicorp/aws",
                 "change":{"actions":%s,"before":null,"after":%s,"after_unknown":{}}}
                """.formatted(address, type, name, actions, after));
        return this;
    }

    /** An IAM policy document as the JSON-in-a-string value Terraform uses for {@code policy} attributes. */
    public static String policyAttribute(String attribute, String document) {
        return "{\"" + attribute + "\":\"" + document.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }

    /** The plan document. */
    public String json() {
        return """
                {"format_version":"1.2","terraform_version":"1.9.8",
                 "planned_values":{"root_module":{}},
                 "resource_changes":[%s],
                 "configuration":{"root_module":{}}}
                """.formatted(String.join(",", changes));
    }

    /** Writes the plan to {@code file} and returns it. */
    public Path writeTo(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, json());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
