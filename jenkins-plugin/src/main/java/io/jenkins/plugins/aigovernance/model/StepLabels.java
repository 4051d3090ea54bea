package io.jenkins.plugins.aigovernance.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Short labels for {@code argumentsToString} (shown by Pipeline Graph View): only the named,
 * non-secret arguments, never credentials or bodies.
 */
@Restricted(NoExternalUse.class)
public final class StepLabels {

    private static final int MAX = 60;

    private StepLabels() {}

    /** {@code key: value} pairs of the given keys that are present, or {@code null} when none is. */
    @CheckForNull
    public static String of(Map<String, Object> args, String... keys) {
        List<String> parts = new ArrayList<>();
        for (String k : keys) {
            Object v = args.get(k);
            if (v instanceof CharSequence || v instanceof Number || v instanceof Boolean) {
                parts.add(k + ": " + v);
            }
        }
        if (parts.isEmpty()) {
            return null;
        }
        String s = String.join(", ", parts);
        return s.length() <= MAX ? s : s.substring(0, MAX - 1) + "…";
    }
}
