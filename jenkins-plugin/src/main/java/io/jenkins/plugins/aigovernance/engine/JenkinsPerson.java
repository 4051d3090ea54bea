package io.jenkins.plugins.aigovernance.engine;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/** A Jenkins user as the engine sees an approver (a plain class: it is kept in Pipeline program state). */
@Restricted(NoExternalUse.class)
public final class JenkinsPerson implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String id;
    private final String displayName;
    private final ArrayList<String> groups;
    private final boolean aiAccount;

    /**
     * @param id          the Jenkins user id
     * @param displayName for people to read
     * @param groups      the groups the security realm reports now, plus the policy groups mapped to them
     * @param aiAccount   whether the global configuration lists this account as an AI agent
     */
    public JenkinsPerson(
            @NonNull String id, @CheckForNull String displayName, @NonNull List<String> groups, boolean aiAccount) {
        this.id = id;
        this.displayName = displayName;
        this.groups = new ArrayList<>(groups);
        this.aiAccount = aiAccount;
    }

    @NonNull
    public String getId() {
        return id;
    }

    @NonNull
    public String getDisplayName() {
        return displayName == null ? id : displayName;
    }

    @NonNull
    public List<String> getGroups() {
        return List.copyOf(groups);
    }

    public boolean isAiAccount() {
        return aiAccount;
    }
}
