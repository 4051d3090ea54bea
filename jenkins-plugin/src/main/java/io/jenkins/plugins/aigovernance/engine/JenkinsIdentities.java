package io.jenkins.plugins.aigovernance.engine;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Cause;
import hudson.model.Run;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.SecurityRealm;
import io.jenkins.plugins.aigovernance.config.AiGovernanceConfiguration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Maps Jenkins identities to the engine's: who started a build, who answered an input and which
 * groups they hold at that moment. Decides nothing: the approval engine judges the person.
 */
@Restricted(NoExternalUse.class)
public final class JenkinsIdentities {

    private static final Logger LOGGER = Logger.getLogger(JenkinsIdentities.class.getName());

    private final AiGovernanceConfiguration config;

    public JenkinsIdentities(AiGovernanceConfiguration config) {
        this.config = config;
    }

    /** The user who started the build by hand, or {@code null} (SCM trigger, timer, upstream...). */
    @CheckForNull
    public static String initiatorOf(@NonNull Run<?, ?> run) {
        Cause.UserIdCause cause = run.getCause(Cause.UserIdCause.class);
        return cause == null ? null : cause.getUserId();
    }

    /** The person behind the current request thread (the one submitting an input). */
    @CheckForNull
    public JenkinsPerson current() {
        Authentication auth = Jenkins.getAuthentication2();
        if (ACL.isAnonymous2(auth) || ACL.SYSTEM2.equals(auth)) {
            return null;
        }
        return person(auth.getName(), auth.getAuthorities());
    }

    /**
     * A user by id with the groups the security realm reports for them now; when the realm cannot look
     * the user up, {@code fallback} (e.g. the authorities of their current request) is used.
     */
    @NonNull
    public JenkinsPerson person(@NonNull String userId, @CheckForNull Collection<? extends GrantedAuthority> fallback) {
        User user = User.getById(userId, false);
        Collection<? extends GrantedAuthority> authorities = fallback;
        if (user != null) {
            try {
                authorities = user.impersonate2().getAuthorities();
            } catch (UsernameNotFoundException e) {
                LOGGER.log(
                        Level.FINE, "security realm does not know " + userId + "; using the request's authorities", e);
            }
        }
        List<String> realmGroups = new ArrayList<>();
        if (authorities != null) {
            for (GrantedAuthority a : authorities) {
                String g = a.getAuthority();
                if (g != null
                        && !g.equals(SecurityRealm.AUTHENTICATED_AUTHORITY2.getAuthority())
                        && !g.equalsIgnoreCase(userId)) {
                    realmGroups.add(g);
                }
            }
        }
        String id = user != null ? user.getId() : userId;
        String name = user != null ? user.getFullName() : userId;
        return new JenkinsPerson(id, name, config.policyGroupsOf(realmGroups), config.isAiAgentAccount(id));
    }
}
