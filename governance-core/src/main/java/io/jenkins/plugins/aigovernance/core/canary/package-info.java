/** Canary analysis: staged plans, metric queries, condition evaluation, step verdicts and the rollback decision. */
package io.jenkins.plugins.aigovernance.core.canary;
