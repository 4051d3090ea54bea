/**
 * The policy file {@code .ai-governance.yml} ({@code apiVersion: ai-governance/v1}): records, loading with
 * line-numbered validation, built-in defaults, linear-time matchers, and canary plans read from policy, plan or
 * Argo template files.
 */
package io.jenkins.plugins.aigovernance.core.policy;
