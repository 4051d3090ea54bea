package io.jenkins.plugins.aigovernance.config;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Util;
import hudson.util.FormValidation;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/** Form checks shared by fields holding workspace-relative paths. */
@Restricted(NoExternalUse.class)
public final class WorkspacePaths {

    private WorkspacePaths() {}

    /** A relative path without {@code ..} segments (an empty value is fine). */
    public static FormValidation check(@CheckForNull String value) {
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return FormValidation.ok();
        }
        if (!isRelativeInside(v)) {
            return FormValidation.error(Messages.WorkspacePaths_Relative());
        }
        return FormValidation.ok();
    }

    /** Whether a path is relative and does not climb out of its root. */
    public static boolean isRelativeInside(String path) {
        String p = path.replace('\\', '/');
        if (p.startsWith("/") || p.matches("^[A-Za-z]:.*")) {
            return false;
        }
        for (String seg : p.split("/")) {
            if (seg.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
