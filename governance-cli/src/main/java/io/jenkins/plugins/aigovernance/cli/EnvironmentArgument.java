package io.jenkins.plugins.aigovernance.cli;

import picocli.CommandLine;

/**
 * Reads an {@code --environment} option: a name, as given. An empty or blank name is an input error (exit 2), not a
 * silent production: leave the option out to have the environment read from the change.
 */
final class EnvironmentArgument implements CommandLine.ITypeConverter<String> {

    @Override
    public String convert(String value) {
        if (value == null || value.isBlank()) {
            throw new CommandLine.TypeConversionException("the environment name is empty; give a name (such as prod or dev)"
                    + " or leave --environment out to read it from the change");
        }
        return value;
    }
}
