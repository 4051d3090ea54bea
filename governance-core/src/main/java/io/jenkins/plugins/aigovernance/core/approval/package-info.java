/**
 * The approval gate: what a change needs (groups, counts, distinct people, separation of duties), whether given
 * approvals satisfy it for one fingerprint, the approvals ledger, apply tokens and notifications.
 */
package io.jenkins.plugins.aigovernance.core.approval;
