/** Audit events, the hash-chained tamper-evident log, its verification, the git-notes store and queries. */
package io.jenkins.plugins.aigovernance.core.audit;
