/**
 * Strict reading of the engine's input documents (JSON, YAML: duplicate keys, trailing data, aliases and size
 * limits refused), locations and binding errors as file, line and field, and the errors that name the input.
 */
package io.jenkins.plugins.aigovernance.core.document;
