/** DORA four keys and AI guardrail metrics computed from the audit trail, with Prometheus exposition. */
package io.jenkins.plugins.aigovernance.core.metrics;
