package io.jenkins.plugins.aigovernance.core.document;

import java.io.ByteArrayInputStream;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.reader.UnicodeReader;

/**
 * The YAML reading rule for documents the engine binds with Jackson (policies, canary plans):
 * no aliases ({@code *name}) and no merge keys ({@code <<}). Jackson's YAML parser reads an alias
 * as the anchor's <em>name</em> ({@code tier: *LOW} reads {@code "LOW"} whatever {@code &LOW}
 * anchors) and a merge key as a field named {@code <<}, so such a document would mean one thing to
 * the engine and another to every other YAML tool. Duplicate keys and trailing data are refused by
 * the Jackson readers themselves ({@link JsonDocuments}). Kubernetes manifests are read with
 * SnakeYAML's own constructor, which resolves aliases and merges as YAML 1.1 defines them.
 */
public final class YamlDocuments {

    private YamlDocuments() {
    }

    /** Where a document breaks the rule, and how. */
    public record Problem(int line, int column, String message) {
    }

    /**
     * The first alias or merge key in {@code bytes}, if any. Syntax errors are left to the binding
     * reader (which names them better); this scan only looks at well-formed events.
     */
    public static Optional<Problem> aliasOrMergeKey(byte[] bytes, LoaderOptions options) {
        try {
            for (Event e : new Yaml(options).parse(new UnicodeReader(new ByteArrayInputStream(bytes)))) {
                if (e instanceof AliasEvent a) {
                    return Optional.of(problem(a.getStartMark(), "YAML alias '*" + a.getAnchor() + "' is not allowed here: Jackson would read"
                            + " the anchor's name '" + a.getAnchor() + "', other YAML tools its value; write the value out"));
                }
                if (e instanceof ScalarEvent s && (("<<".equals(s.getValue()) && s.isPlain())
                        || (s.getTag() != null && s.getTag().endsWith(":merge")))) {
                    return Optional.of(problem(s.getStartMark(), "YAML merge key '<<' is not allowed here: write the fields out"));
                }
            }
        } catch (RuntimeException syntaxOrLimits) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Problem problem(Mark m, String message) {
        return new Problem(m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1, message);
    }
}
