package io.jenkins.plugins.aigovernance.core.policy;

import io.jenkins.plugins.aigovernance.core.change.FileChange;
import io.jenkins.plugins.aigovernance.core.change.ResourceAction;
import io.jenkins.plugins.aigovernance.core.change.ResourceChange;
import io.jenkins.plugins.aigovernance.core.change.ResourceSource;
import io.jenkins.plugins.aigovernance.core.change.ResourceTrait;
import io.jenkins.plugins.aigovernance.core.document.PolicyValidation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** A compiled {@link Match}: decides whether one changed file or one resource is selected. */
public final class SubjectMatcher {

    private final List<Glob> paths;
    private final List<SafeRegex> pathPatterns;
    private final List<Glob> types;
    private final List<Glob> addresses;
    private final Set<ResourceAction> actions;
    private final List<Glob> kinds;
    private final List<Glob> namespaces;
    private final Set<ResourceTrait> traits;
    private final Set<ResourceSource> sources;
    private final boolean files;
    private final boolean resources;

    private SubjectMatcher(Match m, PolicyValidation v, String at) {
        paths = globs(m.paths(), Glob::path, v, at + "/paths");
        pathPatterns = globs(m.pathPatterns(), SafeRegex::compile, v, at + "/pathPatterns");
        types = globs(m.resourceTypes(), Glob::type, v, at + "/resourceTypes");
        addresses = globs(m.addresses(), Glob::name, v, at + "/addresses");
        kinds = globs(m.kinds(), Glob::type, v, at + "/kinds");
        namespaces = globs(m.namespaces(), Glob::name, v, at + "/namespaces");
        actions = m.actions().isEmpty() ? Set.of() : EnumSet.copyOf(m.actions());
        traits = m.traits().isEmpty() ? Set.of() : EnumSet.copyOf(m.traits());
        sources = m.sources().isEmpty() ? Set.of() : EnumSet.copyOf(m.sources());
        files = m.selectsFiles();
        resources = m.selectsResources();
    }

    /** Compiles a match that has already been validated. */
    public static SubjectMatcher of(Match m) {
        return new SubjectMatcher(m, null, "");
    }

    static SubjectMatcher compile(Match m, PolicyValidation v, String at) {
        return new SubjectMatcher(m, v, at);
    }

    private static <T> List<T> globs(List<String> src, Function<String, T> compiler, PolicyValidation v, String at) {
        List<T> out = new ArrayList<>(src.size());
        for (int i = 0; i < src.size(); i++) {
            T t = v == null ? compiler.apply(src.get(i)) : v.compile(at + "/" + i, src.get(i), compiler);
            if (t != null) {
                out.add(t);
            }
        }
        return List.copyOf(out);
    }

    /**
     * Whether the file is selected: its path, for renames and copies its old path, and for a symbolic
     * link every path it points to ({@link FileChange#paths()}).
     */
    public boolean matchesFile(FileChange f) {
        if (!files) {
            return false;
        }
        // f.paths()'s order, without the list it makes: this runs for every rule and file (docs/performance.md)
        if (matchesPath(f.path()) || (f.oldPath() != null && matchesPath(f.oldPath()))) {
            return true;
        }
        List<String> targets = f.linkTargets();
        for (int i = 0; i < targets.size(); i++) {
            if (matchesPath(targets.get(i))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a normalized repository path is selected. */
    public boolean matchesPath(String path) {
        if (!files) {
            return false;
        }
        boolean any = paths.isEmpty() && pathPatterns.isEmpty();
        // indexed, not for-each: C1, which runs short commands, does not remove an iterator's allocation
        for (int i = 0; i < paths.size() && !any; i++) {
            any = paths.get(i).matches(path);
        }
        for (int i = 0; i < pathPatterns.size() && !any; i++) {
            any = pathPatterns.get(i).matches(path);
        }
        return any;
    }

    /** Whether the resource is selected. */
    public boolean matchesResource(ResourceChange r) {
        if (!resources) {
            return false;
        }
        if (!sources.isEmpty() && !sources.contains(r.source())) {
            return false;
        }
        if (!actions.isEmpty() && !actions.contains(r.action())) {
            return false;
        }
        if (!traits.isEmpty() && !r.traits().containsAll(traits)) {
            return false;
        }
        if (!types.isEmpty() && !any(types, r.type())) {
            return false;
        }
        if (!kinds.isEmpty() && (r.source() != ResourceSource.KUBERNETES || !any(kinds, r.type()))) {
            return false;
        }
        if (!addresses.isEmpty() && !any(addresses, r.address())) {
            return false;
        }
        return namespaces.isEmpty() || any(namespaces, r.namespace());
    }

    private static boolean any(List<Glob> globs, String value) {
        if (value == null) {
            return false;
        }
        for (Glob g : globs) {
            if (g.matches(value)) {
                return true;
            }
        }
        return false;
    }
}
