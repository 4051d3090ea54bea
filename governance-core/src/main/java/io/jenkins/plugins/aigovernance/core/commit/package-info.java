/**
 * Commit metadata at the source: the {@code commit-msg} check that writes or verifies the
 * {@code [AI-GOVERNANCE]} block of a commit being made ({@link io.jenkins.plugins.aigovernance.core.commit.CommitMessageCheck})
 * and the hook that runs it ({@link io.jenkins.plugins.aigovernance.core.commit.CommitMsgHook}).
 */
package io.jenkins.plugins.aigovernance.core.commit;
